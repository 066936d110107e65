import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import Koa from 'koa';
import { startKefu } from '../server/src/boot';

/**
 * A benchmark target in its own process, so the load generator does not share its event loop:
 * `serve.ts bare` is a bare Koa JSON endpoint (the baseline), `serve.ts kefu` boots the whole
 * product from the environment. Prints one JSON line {"url": ...} once listening; SIGTERM stops it.
 */
async function main(): Promise<void> {
  const mode = process.argv[2];
  let stop: () => Promise<void>;
  let url: string;
  if (mode === 'bare') {
    const app = new Koa();
    app.use((ctx) => {
      ctx.body = { ok: true };
    });
    const handle = app.callback();
    const server = createServer((req, res) => void handle(req, res));
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', () => resolve()));
    url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    stop = () =>
      new Promise((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      });
  } else if (mode === 'kefu') {
    const kefu = await startKefu({ ...process.env, PORT: '0', HOST: '127.0.0.1' });
    url = kefu.url;
    stop = () => kefu.stop();
  } else {
    throw new Error('usage: serve.ts bare|kefu');
  }
  process.stdout.write(JSON.stringify({ url }) + '\n');
  process.once('SIGTERM', () => {
    stop().then(
      () => process.exit(0),
      () => process.exit(1),
    );
  });
}

main().catch((error: unknown) => {
  process.stderr.write(`bench target failed: ${(error as Error).stack ?? String(error)}\n`);
  process.exit(1);
});
