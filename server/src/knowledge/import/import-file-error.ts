/** A file that cannot be imported, with a reason meant for the person who uploaded it. */
export class ImportFileError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ImportFileError';
  }
}
