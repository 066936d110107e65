import { readFile } from 'node:fs/promises';
import { extname, join, resolve, sep } from 'node:path';
import Router from '@koa/router';
import { signShopperToken } from '@kefu/adapter-web';
import { NotFoundError } from '@kefu/shared';
import { z } from 'zod';
import { demoShoppers } from '../demo';
import { DEMO_SHOPPER_TOKEN_SECRET } from '../demo/seed-demo';
import type { Runtime } from '../runtime';
import type { KefuState } from '../http-kit/koa-state';
import { demoModeOn } from '../demo/demo-mode';
import { parseInput } from '../http-kit/validate';

const repoRoot = resolve(__dirname, '../../..');
const h5Root = join(repoRoot, 'miniprogram/dist/h5');
const widgetFile = join(repoRoot, 'plugins/web/dist/widget.js');
const demoPage = join(repoRoot, 'plugins/web/demo/index.html');

/**
 * The shopper front-ends the core serves itself: the h5 chat (Taro build) at /chat/, the website
 * widget at /widget.js, and, on the demo merchant, a demo page that hosts the widget.
 * The chat must be framable by merchants' sites and the widget loadable from any origin, so these
 * responses relax helmet's same-origin defaults; the API routes keep them.
 */
export function createFrontEndRouter(runtime: Runtime): Router<KefuState> {
  const router = new Router<KefuState>();
  const demoEnabled = demoModeOn(runtime.config, runtime.embedded);

  // The router treats /chat and /chat/ alike; only the bare form is redirected (relative asset URLs need the slash).
  router.get('/chat', (ctx, next) => (ctx.path === '/chat' ? ctx.redirect('/chat/') : next()));
  router.get('/chat/{*path}', async (ctx) => {
    const wildcard: unknown = ctx.params.path;
    const relative = (Array.isArray(wildcard) ? wildcard.join('/') : typeof wildcard === 'string' ? wildcard : '') || 'index.html';
    await sendFile(ctx, h5Root, relative, 'the h5 chat is not built: run `npm run build:h5 -w miniprogram`');
    ctx.remove('X-Frame-Options');
    // The chat talks only to the core that served it (its API and WebSocket): a page script, injected
    // or not, cannot carry the shopper's token anywhere else. ws(s) of the same host are named for
    // browsers whose 'self' does not cover WebSockets.
    ctx.set('Content-Security-Policy', `default-src 'self'; script-src 'self' 'unsafe-inline'; style-src 'self' 'unsafe-inline'; img-src 'self' data: https: http:; connect-src 'self' ws://${ctx.host} wss://${ctx.host}; frame-ancestors *`);
    ctx.set('Cross-Origin-Resource-Policy', 'cross-origin');
  });

  router.get('/widget.js', async (ctx) => {
    await sendFile(ctx, resolve(widgetFile, '..'), 'widget.js', 'the widget is not built: run `npm run build -w plugins/web`');
    ctx.set('Cross-Origin-Resource-Policy', 'cross-origin');
    ctx.set('Cache-Control', 'no-cache');
  });

  if (demoEnabled) {
    router.get('/demo', (ctx, next) => (ctx.path === '/demo' ? ctx.redirect('/demo/') : next()));
    router.get('/demo/', async (ctx) => {
      await sendFile(ctx, resolve(demoPage, '..'), 'index.html', 'the widget demo page is missing');
      ctx.set('Content-Security-Policy', "default-src 'self'; script-src 'self' 'unsafe-inline'; style-src 'self' 'unsafe-inline'; frame-src 'self'");
    });
    // The demo merchant's token secret is public by design, so signing for its shoppers here gives
    // nothing away; it stands in for the merchant's own site signing for its logged-in shoppers.
    const demoTokenQuery = z.object({ ref: z.enum(demoShoppers.map((s) => s.ref) as [string, ...string[]]) });
    router.get('/demo/shopper-token', (ctx) => {
      const { ref } = parseInput(demoTokenQuery, ctx.query, 'query');
      const name = demoShoppers.find((s) => s.ref === ref)?.name;
      ctx.body = { token: signShopperToken({ ref, name, exp: Math.floor(Date.now() / 1000) + 24 * 3600 }, DEMO_SHOPPER_TOKEN_SECRET) };
    });
  }
  return router;
}

async function sendFile(ctx: { type: string; body: unknown }, root: string, relative: string, missing: string): Promise<void> {
  const file = resolve(root, relative);
  if (file !== root && !file.startsWith(root + sep)) throw new NotFoundError('not found');
  const content = await readFile(file).catch(() => null);
  if (!content) throw new NotFoundError(relative === 'index.html' || relative === 'widget.js' ? missing : 'not found');
  ctx.type = extname(file);
  ctx.body = content;
}
