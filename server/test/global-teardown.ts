export default async function globalTeardown(): Promise<void> {
  // Services started by globalSetup are stopped here.
}
