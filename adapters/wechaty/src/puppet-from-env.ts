import { WechatyBuilder, type Wechaty } from 'wechaty';
import { z } from 'zod';

/**
 * The puppet is configuration, not code: `WECHATY_PUPPET` names the puppet package
 * (wechaty-puppet-service by default; wechaty-puppet-padlocal, wechaty-puppet-wechat4u, …) and the
 * token comes from the variable that puppet documents. The package must be installed beside Kefu;
 * only wechaty-puppet-mock ships with it (for tests).
 */
export const puppetEnvSchema = z.object({
  WECHATY_NAME: z.string().min(1).default('kefu-vip'),
  WECHATY_PUPPET: z.string().min(1).default('wechaty-puppet-service'),
  WECHATY_PUPPET_SERVICE_TOKEN: z.string().min(1).optional(),
  WECHATY_PUPPET_SERVICE_ENDPOINT: z.string().min(1).optional(),
  WECHATY_PUPPET_PADLOCAL_TOKEN: z.string().min(1).optional(),
});
export type PuppetEnv = z.infer<typeof puppetEnvSchema>;

export function puppetOptionsFor(env: PuppetEnv): Record<string, string> {
  if (env.WECHATY_PUPPET === 'wechaty-puppet-service') {
    if (!env.WECHATY_PUPPET_SERVICE_TOKEN) throw new Error('WECHATY_PUPPET_SERVICE_TOKEN is required for wechaty-puppet-service');
    return { token: env.WECHATY_PUPPET_SERVICE_TOKEN, ...(env.WECHATY_PUPPET_SERVICE_ENDPOINT ? { endpoint: env.WECHATY_PUPPET_SERVICE_ENDPOINT } : {}) };
  }
  if (env.WECHATY_PUPPET === 'wechaty-puppet-padlocal') {
    if (!env.WECHATY_PUPPET_PADLOCAL_TOKEN) throw new Error('WECHATY_PUPPET_PADLOCAL_TOKEN is required for wechaty-puppet-padlocal');
    return { token: env.WECHATY_PUPPET_PADLOCAL_TOKEN };
  }
  return {};
}

export function buildWechatyFromEnv(env: PuppetEnv): Wechaty {
  return WechatyBuilder.build({ name: env.WECHATY_NAME, puppet: env.WECHATY_PUPPET as never, puppetOptions: puppetOptionsFor(env) });
}
