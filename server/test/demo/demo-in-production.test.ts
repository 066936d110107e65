import type { RunningKefu } from '../../src/boot';
import { demoConsoleUsers } from '../../src/demo';
import { describeWithServices } from '../support/test-database';
import { productionTestEnv, startTestKefu } from '../support/start-test-kefu';

/**
 * A database that once ran the demo, now served with NODE_ENV=production: the demo's public
 * passwords must not open its console, and the demo shopper-token page must not exist.
 */
describeWithServices('the demo merchant in production', () => {
  let kefu: RunningKefu | undefined;
  afterEach(async () => {
    await kefu?.stop();
    kefu = undefined;
  });

  const login = (url: string, email: string, password: string) =>
    fetch(`${url}/api/console/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ tenantKey: 'demo', email, password }) });

  it('disables the demo console logins at a production boot and serves no demo pages', async () => {
    const env = await productionTestEnv('demo_prod');
    const owner = demoConsoleUsers.find((u) => u.role === 'owner')!;
    kefu = await startTestKefu(env);
    expect((await login(kefu.url, owner.email, owner.password)).status).toBe(200);
    expect((await fetch(`${kefu.url}/demo/shopper-token?ref=zhangwei`)).status).not.toBe(404);
    await kefu.stop();

    kefu = await startTestKefu({ ...env, NODE_ENV: 'production', SEED_DEMO: '' });
    for (const user of demoConsoleUsers) expect((await login(kefu.url, user.email, user.password)).status).toBe(401);
    expect((await fetch(`${kefu.url}/demo/shopper-token?ref=zhangwei`)).status).toBe(404);
    expect((await fetch(`${kefu.url}/demo/`)).status).toBe(404);
  });
});
