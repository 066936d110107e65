/** A console user of the demo tenant speaking the console API over real HTTP. */
export class ConsoleClient {
  constructor(
    private readonly baseUrl: string,
    private readonly token: string,
  ) {}

  static async login(baseUrl: string, email: string, password: string): Promise<ConsoleClient> {
    const response = await fetch(`${baseUrl}/api/console/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ tenantKey: 'demo', email, password }),
    });
    if (response.status !== 200) throw new Error(`login failed: ${response.status}`);
    return new ConsoleClient(baseUrl, ((await response.json()) as { token: string }).token);
  }

  async request(method: string, path: string, body?: unknown): Promise<{ status: number; body: Record<string, unknown> }> {
    const response = await fetch(`${this.baseUrl}/api/console${path}`, {
      method,
      headers: { 'content-type': 'application/json', authorization: `Bearer ${this.token}` },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    return { status: response.status, body: (await response.json()) as Record<string, unknown> };
  }
}
