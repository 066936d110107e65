import { z } from 'zod';
import { ConfigError } from './errors';

const optionalUrl = z.string().url().optional();
const booleanFlag = z.enum(['true', 'false', '1', '0']).transform((v) => v === 'true' || v === '1');

const IPV4 = /^(25[0-5]|2[0-4]\d|1?\d?\d)(\.(25[0-5]|2[0-4]\d|1?\d?\d)){3}$/;

/** An IP address or CIDR as proxy-addr accepts it (IPv6 loosely: hex groups and colons), or one of its range names. */
function isProxyAddress(entry: string): boolean {
  if (['loopback', 'linklocal', 'uniquelocal'].includes(entry)) return true;
  const [address, bits, extra] = entry.split('/');
  if (extra !== undefined || !address) return false;
  const ipv4 = IPV4.test(address);
  const ipv6 = !ipv4 && /^[0-9a-f:.]+$/i.test(address) && address.includes(':');
  if (!ipv4 && !ipv6) return false;
  if (bits === undefined) return true;
  return /^\d+$/.test(bits) && Number(bits) <= (ipv4 ? 32 : 128);
}

/**
 * The whole configuration of a Kefu process. Read once at boot from the environment; modules
 * receive the parsed object and never read process.env themselves.
 */
export const configSchema = z.object({
  NODE_ENV: z.enum(['development', 'production', 'test']).default('development'),
  PORT: z.coerce.number().int().min(0).max(65535).default(3000),
  HOST: z.string().default('0.0.0.0'),
  PUBLIC_URL: optionalUrl,
  KEFU_DATA_DIR: z.string().min(1).default('./data'),
  /** Trained NLU weights (intent, sentiment). Unset: `models/` under KEFU_DATA_DIR. Several processes may share one. */
  KEFU_MODEL_CACHE_DIR: z.string().min(1).optional(),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  /** mysql://user:pass@host:3306/db or sqlite:path. Unset: SQLite under KEFU_DATA_DIR. */
  DATABASE_URL: z.string().regex(/^(mysql|mariadb|sqlite):/, 'must start with mysql:, mariadb: or sqlite:').optional(),
  /** Unset: queues run in process. */
  REDIS_URL: z.string().regex(/^rediss?:\/\//, 'must be a redis:// or rediss:// URL').optional(),
  /** Prefix for Redis keys (queues, rate limits), so several deployments can share one Redis. */
  REDIS_PREFIX: z.string().min(1).default('kefu'),
  /** Unset: the core starts Chroma from the npm package as a child process. */
  CHROMA_URL: optionalUrl,
  /** Port for the embedded Chroma child; 0 picks a free one. */
  CHROMA_PORT: z.coerce.number().int().min(0).max(65535).default(0),
  /** 32 bytes, base64. Encrypts phone numbers and addresses. Embedded mode generates one under KEFU_DATA_DIR. */
  ENCRYPTION_KEY: z
    .string()
    .refine((v) => Buffer.from(v, 'base64').length === 32, 'must be 32 bytes encoded as base64')
    .optional(),
  /** Signs shopper sessions and console tokens. Embedded mode generates one under KEFU_DATA_DIR. */
  SESSION_SECRET: z.string().min(32, 'must be at least 32 characters').optional(),
  CORS_ORIGINS: z
    .string()
    .default('')
    .transform((v) => v.split(',').map((s) => s.trim()).filter(Boolean)),
  BODY_LIMIT_BYTES: z.coerce.number().int().positive().default(256 * 1024),
  RATE_LIMIT_PER_MINUTE: z.coerce.number().int().positive().default(1200),
  /** How often open shopper WebSockets are re-checked, so a revoked session's socket is closed (one read per socket). */
  WS_REVALIDATE_SECONDS: z.coerce.number().int().min(1).max(3600).default(60),
  /**
   * The proxies whose X-Forwarded-For we believe: `none` (default: the socket address is the client),
   * a hop count (`1` behind one load balancer), or comma-separated addresses/CIDRs of our proxies
   * (`loopback,10.0.0.0/8`; `loopback`, `linklocal` and `uniquelocal` are names for those ranges).
   */
  TRUSTED_PROXIES: z
    .string()
    .default('none')
    .refine((v) => v.trim() === '' || v.trim() === 'none' || /^\d+$/.test(v.trim()) || v.split(',').every((entry) => isProxyAddress(entry.trim())), 'must be none, a hop count, or comma-separated IP addresses/CIDRs (or loopback, linklocal, uniquelocal)'),
  /**
   * Networks Kefu may reach on a tenant's behalf besides public addresses (order systems, channel API
   * hosts are merchant-set URLs): comma-separated CIDRs/addresses or `loopback`, `linklocal`,
   * `uniquelocal`. Empty: public addresses only, no redirects followed.
   */
  OUTBOUND_ALLOWED_NETWORKS: z
    .string()
    .default('')
    .refine((v) => v.trim() === '' || v.split(',').every((entry) => isProxyAddress(entry.trim())), 'must be comma-separated IP addresses/CIDRs (or loopback, linklocal, uniquelocal)'),
  /** Seed the demo merchant on an empty database. Defaults to on for the embedded set-up. */
  SEED_DEMO: booleanFlag.optional(),
  /**
   * Turn on the demo merchant's proactive service (parcel apologies, unpaid reminders, VIP coupons;
   * quiet hours off so it shows at any hour) unless its settings were already saved. `npm start`
   * sets it; unset (tests, other entry points) the demo sends nothing on its own.
   */
  DEMO_PROACTIVE: booleanFlag.optional(),
  /** Run queue workers inside the HTTP process (embedded default) or only in `npm run worker`. */
  RUN_WORKERS: booleanFlag.default(true),
  JOB_ATTEMPTS: z.coerce.number().int().min(1).max(20).default(5),
  JOB_BACKOFF_MS: z.coerce.number().int().min(1).default(1000),
  LLM_BASE_URL: optionalUrl,
  LLM_API_KEY: z.string().optional(),
  LLM_MODEL: z.string().default('gpt-4o-mini'),
  /**
   * Sentiment: `auto` trains the shipped model from the project's own corpus at boot (seconds, cached
   * in the model dir); `lexicon` uses the customer-service lexicon only.
   */
  SENTIMENT_MODEL: z.enum(['auto', 'lexicon']).default('auto'),
  /** With LLM_BASE_URL and LLM_API_KEY: knowledge vectors come from this embedding model instead of the local vectoriser. */
  EMBEDDING_MODEL: z.string().optional(),
  EMBEDDING_DIMENSIONS: z.coerce.number().int().positive().optional(),
  /**
   * One-time codes for anonymous order writes go to this HTTP JSON SMS gateway (POST, HMAC-signed
   * with SMS_SIGNING_SECRET). Unset: anonymous shoppers are asked to sign in before such writes.
   */
  SMS_PROVIDER_URL: optionalUrl,
  SMS_SIGNING_SECRET: z.string().min(16, 'must be at least 16 characters').optional(),
  /** The template id the gateway sends the code with (the provider's approved SMS template). */
  SMS_TEMPLATE: z.string().min(1).default('order_proof_code'),
  /** Knowledge imports carry whole files (base64 JSON), so their route accepts more than BODY_LIMIT_BYTES. */
  IMPORT_BODY_LIMIT_BYTES: z.coerce.number().int().positive().default(8 * 1024 * 1024),
});

/** The demo's passwords and shopper-token secret are public: production must never turn it on. */
const withoutDemoInProduction = configSchema.superRefine((config, ctx) => {
  if (config.NODE_ENV !== 'production') return;
  for (const flag of ['SEED_DEMO', 'DEMO_PROACTIVE'] as const) {
    if (config[flag]) ctx.addIssue({ code: 'custom', path: [flag], message: 'the demo merchant (public passwords) cannot run with NODE_ENV=production' });
  }
});

export type KefuConfig = z.infer<typeof configSchema>;

/** Parse the environment; a bad value names the variable and why. */
export function parseConfig(env: Record<string, string | undefined>): KefuConfig {
  const cleaned = Object.fromEntries(Object.entries(env).filter(([, v]) => v !== undefined && v !== ''));
  const result = withoutDemoInProduction.safeParse(cleaned);
  if (!result.success) {
    const problems = result.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ');
    throw new ConfigError(`invalid configuration: ${problems}`);
  }
  if (result.data.SMS_PROVIDER_URL && !result.data.SMS_SIGNING_SECRET) {
    throw new ConfigError('invalid configuration: SMS_SIGNING_SECRET: required with SMS_PROVIDER_URL (the gateway checks the signature)');
  }
  return result.data;
}
