/** Signs in the demo merchant's console users over real HTTP and calls the console API as one of them. */
export class ConsoleClient {
  private readonly tokens = new Map<string, string>();

  constructor(private readonly baseUrl: string) {}

  async login(role: 'owner' | 'agent' | 'viewer'): Promise<void> {
    const response = await fetch(`${this.baseUrl}/api/console/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ tenantKey: 'demo', email: `${role}@demo.kefu`, password: `demo-${role}-pass` }),
    });
    if (response.status !== 200) throw new Error(`login as ${role} failed: ${response.status}`);
    this.tokens.set(role, ((await response.json()) as { token: string }).token);
  }

  async call(method: string, path: string, role: string, body?: unknown): Promise<{ status: number; body: Record<string, unknown> }> {
    const token = this.tokens.get(role);
    const response = await fetch(this.baseUrl + path, {
      method,
      headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    return { status: response.status, body: (await response.json().catch(() => null)) as Record<string, unknown> };
  }
}
