import { demoConsoleUsers, demoTenant } from '../demo';

/** What /scan tells the user: the job it queued, or why it could not. */
export type ScanRequest = { queued: true; jobId: string } | { queued: false; reason: string };

/**
 * `/scan` in the chat: asks a running server to run the proactive service for the demo merchant
 * now, through the console's own "scan now" (POST /api/console/automation/scan, admins only,
 * audited), signed in as the demo owner whose password is public by design. Other tenants' owners
 * use their console; the CLI holds no credentials of theirs.
 */
export async function requestDemoScan(url: string, tenant: string): Promise<ScanRequest> {
  if (tenant !== demoTenant.key) return { queued: false, reason: `/scan works for the demo tenant only; "${tenant}" scans from its console (POST /api/console/automation/scan)` };
  const owner = demoConsoleUsers.find((user) => user.role === 'owner');
  if (!owner) return { queued: false, reason: 'the demo has no owner account' };
  const login = await postJson(`${url}/api/console/login`, { tenantKey: tenant, email: owner.email, password: owner.password });
  if (login.status !== 200 || typeof login.body.token !== 'string') return { queued: false, reason: `demo owner sign-in failed (HTTP ${login.status}${errorText(login.body)})` };
  const scan = await postJson(`${url}/api/console/automation/scan`, undefined, login.body.token);
  if (scan.status !== 202 || typeof scan.body.jobId !== 'string') return { queued: false, reason: `scan request refused (HTTP ${scan.status}${errorText(scan.body)})` };
  return { queued: true, jobId: scan.body.jobId };
}

async function postJson(url: string, body: unknown, token?: string): Promise<{ status: number; body: Record<string, unknown> }> {
  const response = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  return { status: response.status, body: ((await response.json().catch(() => null)) ?? {}) as Record<string, unknown> };
}

function errorText(body: Record<string, unknown>): string {
  const message = (body.error as { message?: unknown } | undefined)?.message;
  return typeof message === 'string' ? `: ${message}` : '';
}
