import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { attachWebSocketServer } from '@kefu/adapter-web';
import { parseConfig, type KefuConfig } from '@kefu/shared';
import { createApp } from './app';
import { createChannelAdapters, type ChannelAdapters } from './channels/create-channel-adapters';
import { webSocketRecipient, webSocketStillValid } from './channels/web-sessions';
import { enableDemoProactive } from './demo/demo-automation';
import { demoModeOn, retireDemoLogins } from './demo/demo-mode';
import { seedDemo } from './demo/seed-demo';
import { createLogger, type Logger } from './logger';
import { createUnderstanding } from './nlu/create-understanding';
import type { PipelineDeps } from './pipeline/pipeline-deps';
import { startWorkers } from './pipeline/start-workers';
import { createRuntime, type Runtime } from './runtime';

export interface RunningKefu {
  url: string;
  server: Server;
  runtime: Runtime;
  deps: PipelineDeps;
  stop(): Promise<void>;
}

/**
 * Boots a whole Kefu process from an environment: configuration, storage, queues, vectors, the
 * demo merchant when embedded, workers, recovery of unfinished work, HTTP and WebSocket.
 * Used by `npm start`, the benchmarks and end-to-end tests alike.
 */
export async function startKefu(env: Record<string, string | undefined>, logger?: Logger): Promise<RunningKefu> {
  const config: KefuConfig = parseConfig(env);
  const log = logger ?? createLogger(config.LOG_LEVEL);
  const runtime = await createRuntime(config, log);
  let server: Server | undefined;
  let channels: ChannelAdapters | undefined;
  try {
    channels = await createChannelAdapters(config, runtime);
    const { adapters, hub } = channels;
    const { nlu, understander } = createUnderstanding(config, log);
    const deps: PipelineDeps = { runtime, adapters, understander, nlu, channels: channels.services };

    const retired = await retireDemoLogins(runtime);
    if (retired > 0) log.warn({ retired }, 'demo console logins disabled: their passwords are public and this is production');
    if (demoModeOn(config, runtime.embedded)) {
      await seedDemo(runtime.db.sequelize, runtime.cipher, log);
      if (config.DEMO_PROACTIVE && (await enableDemoProactive(runtime.audit))) log.info('demo proactive service turned on (DEMO_PROACTIVE)');
    }
    if (config.RUN_WORKERS) {
      await startWorkers(deps);
    }

    const app = createApp(deps);
    const handleRequest = app.callback();
    // Koa's handler settles every request itself (errors included), so nothing is left to await here.
    const httpServer = createServer((req, res) => void handleRequest(req, res));
    // Idle keep-alive sockets are closed by a timer; when a busy event loop runs that timer late, it
    // can close a socket just as the client reuses it (ECONNRESET for a request never seen). A
    // timeout well above any client's idle reuse, as load balancers use, keeps that race away.
    httpServer.keepAliveTimeout = 65_000;
    httpServer.headersTimeout = 66_000;
    server = httpServer;
    attachWebSocketServer(httpServer, {
      path: '/api/web/ws',
      hub,
      auth: { authenticate: (token) => webSocketRecipient(runtime, token), stillValid: (token) => webSocketStillValid(runtime, token) },
      onError: (error) => log.error({ err: error }, 'websocket upgrade or session re-check failed'),
      revalidateEveryMs: config.WS_REVALIDATE_SECONDS * 1000,
    });
    await new Promise<void>((resolve, reject) => {
      httpServer.once('error', reject);
      httpServer.listen(config.PORT, config.HOST, () => resolve());
    });
    const { port } = httpServer.address() as AddressInfo;
    const url = `http://127.0.0.1:${port}`;
    let stopped = false;
    return {
      url,
      server: httpServer,
      runtime,
      deps,
      stop: async () => {
        if (stopped) return;
        stopped = true;
        await closeServer(httpServer);
        await channels?.close();
        await runtime.close();
      },
    };
  } catch (error) {
    if (server) await closeServer(server);
    await channels?.close();
    await runtime.close();
    throw error;
  }
}

function closeServer(server: Server): Promise<void> {
  return new Promise((resolve) => {
    server.close(() => resolve());
    server.closeAllConnections();
  });
}
