import { z } from 'zod';
import { qrcodeValueToImageUrl, ScanStatus } from 'wechaty';
import { WechatyGateway, buildWechatyFromEnv, puppetEnvSchema } from '@kefu/adapter-wechaty';
import { createLogger } from './logger';

/**
 * `npm run wechaty`: the VIP WeChat personal account's gateway. It holds the puppet's login and
 * nothing else: contacts' messages go to the core's webhook (/webhooks/wechaty/<id>), replies come
 * back from the core's outbound flow to this process's /send. Both directions are signed with the
 * relay secret stored in the channel account. Start the core first (`npm start`), create the
 * channel account (platform wechaty, config {relaySecret, apiBaseUrl: this process's URL}), then run this.
 */
const envSchema = puppetEnvSchema.extend({
  KEFU_URL: z.string().url().default('http://127.0.0.1:3000'),
  WECHATY_CHANNEL_ACCOUNT_ID: z.coerce.number().int().positive(),
  WECHATY_RELAY_SECRET: z.string().min(16),
  WECHATY_GATEWAY_HOST: z.string().default('127.0.0.1'),
  WECHATY_GATEWAY_PORT: z.coerce.number().int().min(0).max(65535).default(8790),
  LOG_LEVEL: z.string().default('info'),
});

async function main(): Promise<void> {
  const parsed = envSchema.safeParse(process.env);
  if (!parsed.success) throw new Error(`wechaty gateway configuration: ${parsed.error.issues.map((i) => `${i.path.join('.')} ${i.message}`).join('; ')}`);
  const env = parsed.data;
  const logger = createLogger(env.LOG_LEVEL, { role: 'wechaty' });
  const bot = buildWechatyFromEnv(env);
  bot.on('scan', (qrcode, status) => {
    if (status === ScanStatus.Waiting || status === ScanStatus.Timeout) logger.info({ url: qrcodeValueToImageUrl(qrcode) }, 'scan this QR code with the VIP WeChat account');
  });
  bot.on('login', (user) => logger.info({ contactId: user.id, name: user.name() }, 'VIP WeChat account logged in'));
  bot.on('logout', (user) => logger.warn({ contactId: user.id }, 'VIP WeChat account logged out'));
  bot.on('error', (error) => logger.error({ err: error }, 'wechaty error'));

  const gateway = new WechatyGateway({
    bot,
    coreWebhookUrl: `${env.KEFU_URL.replace(/\/$/, '')}/webhooks/wechaty/${env.WECHATY_CHANNEL_ACCOUNT_ID}`,
    relaySecret: env.WECHATY_RELAY_SECRET,
    host: env.WECHATY_GATEWAY_HOST,
    port: env.WECHATY_GATEWAY_PORT,
    logger,
  });
  const url = await gateway.start();
  logger.info({ url, puppet: env.WECHATY_PUPPET }, 'wechaty gateway started');
  const shutdown = () => {
    void gateway.stop().finally(() => process.exit(0));
  };
  process.once('SIGINT', shutdown);
  process.once('SIGTERM', shutdown);
}

main().catch((error: unknown) => {
  process.stderr.write(`kefu wechaty gateway failed to start: ${(error as Error).message}\n`);
  process.exit(1);
});
