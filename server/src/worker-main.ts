import { isKefuError, parseConfig } from '@kefu/shared';
import { createChannelAdapters } from './channels/create-channel-adapters';
import { createLogger } from './logger';
import { createUnderstanding } from './nlu/create-understanding';
import { startWorkers } from './pipeline/start-workers';
import { createRuntime } from './runtime';

/**
 * `npm run worker`: queue workers without HTTP, for production where the HTTP processes run with
 * RUN_WORKERS=false. Web replies reach shoppers' sockets through Redis pub/sub.
 */
async function main(): Promise<void> {
  const config = parseConfig(process.env);
  const logger = createLogger(config.LOG_LEVEL, { role: 'worker' });
  const runtime = await createRuntime(config, logger);
  const channels = await createChannelAdapters(config, runtime);
  const { nlu, understander } = createUnderstanding(config, logger);
  const deps = { runtime, adapters: channels.adapters, understander, nlu, channels: channels.services };
  await startWorkers(deps);
  logger.info('worker started');
  const shutdown = () => {
    void (async () => {
      await runtime.close();
      await channels.close();
      process.exit(0);
    })();
  };
  process.once('SIGINT', shutdown);
  process.once('SIGTERM', shutdown);
}

main().catch((error: unknown) => {
  process.stderr.write(`kefu worker failed to start: ${isKefuError(error) ? error.message : (error as Error).stack ?? String(error)}\n`);
  process.exit(1);
});
