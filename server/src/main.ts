import { isKefuError } from '@kefu/shared';
import { startKefu } from './boot';
import { demoModeOn } from './demo/demo-mode';
import { demoConsoleUsers, demoOrders, demoShoppers } from './demo';

/** `npm start`: the whole product on the environment's settings (embedded defaults when none). */
async function main(): Promise<void> {
  // The demo shows its proactive messages out of the box; DEMO_PROACTIVE=false keeps it quiet.
  const kefu = await startKefu({ DEMO_PROACTIVE: 'true', ...process.env });
  const { runtime, url } = kefu;
  const lines = [
    '',
    `Kefu is running at ${url}`,
    `  mode:     ${runtime.embedded ? 'embedded (SQLite, in-process queues, Chroma child process)' : 'production services'}`,
    `  health:   ${url}/healthz   readiness: ${url}/readyz   metrics: ${url}/metrics`,
    `  API docs: ${url}/openapi.json`,
    `  shopper API: POST ${url}/api/web/sessions {"tenantKey":"demo"}   WebSocket: ${url.replace('http', 'ws')}/api/web/ws?token=…`,
    `  chat:     npm run chat -- --tenant demo --shopper zhangwei`,
    `  h5 chat:  ${url}/chat/?tenant=demo   website widget: <script src="${url}/widget.js" data-tenant-key="demo" async></script>`,
  ];
  if (demoModeOn(runtime.config, runtime.embedded)) {
    lines.push('  demo console logins (tenant "demo"):');
    for (const user of demoConsoleUsers) lines.push(`    ${user.role.padEnd(7)} ${user.email} / ${user.password}`);
    lines.push(`  widget demo page (pick a demo shopper, ask 「我的快递到哪了」): ${url}/demo/`);
    lines.push('  demo shoppers: ' + demoShoppers.map((s) => `${s.ref} (${demoOrders.filter((o) => o.shopperRef === s.ref).length} orders)`).join(', '));
    if (runtime.config.DEMO_PROACTIVE) lines.push('  proactive demo: npm run chat -- --shopper zhaolei, say 你好, then type /scan (the scan also runs every 5 minutes)');
  }
  process.stdout.write(lines.join('\n') + '\n\n');

  const shutdown = (signal: string) => {
    runtime.logger.info({ signal }, 'shutting down');
    kefu.stop().then(
      () => process.exit(0),
      (error: unknown) => {
        runtime.logger.error({ err: error }, 'shutdown failed');
        process.exit(1);
      },
    );
  };
  process.once('SIGINT', () => shutdown('SIGINT'));
  process.once('SIGTERM', () => shutdown('SIGTERM'));
}

main().catch((error: unknown) => {
  // A bad configuration names the variable; print it plainly rather than as a stack trace.
  process.stderr.write(`kefu failed to start: ${isKefuError(error) ? error.message : (error as Error).stack ?? String(error)}\n`);
  process.exit(1);
});
