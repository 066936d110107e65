import { parseArgs } from 'node:util';

export interface ChatOptions {
  url: string;
  tenant: string;
  /** A demo shopper reference; the CLI signs a shopper token for it with the demo secret. */
  shopper?: string;
  /** A merchant-signed shopper token, for tenants other than the demo one. */
  shopperToken?: string;
  jsonl: boolean;
  /** How long --jsonl waits for the bot's reply to one line. */
  timeoutMs: number;
}

export class UsageError extends Error {}

export const chatUsage = `Usage: npm run chat -- [options]

Talks to a running Kefu server through the web channel, like a shopper in the chat widget.

Options:
  --url <url>              server address (default http://127.0.0.1:$PORT, PORT defaults to 3000)
  --tenant <key>           merchant key (default demo)
  --shopper <ref>          sign in as a demo shopper, e.g. zhangwei, lina (demo tenant only)
  --shopper-token <token>  a merchant-signed shopper token (any tenant)
  --jsonl                  scripted mode: one message per stdin line, one JSON reply per stdout line
  --timeout <ms>           --jsonl: how long to wait for each reply (default 15000)
  -h, --help               show this help

Interactive commands:
  /scan   demo tenant: run the proactive service now (parcel apologies, unpaid reminders, VIP
          coupons) instead of waiting for its 5-minute schedule; say something first, so the shop
          has a conversation to write into. Try it as --shopper zhaolei or --shopper zhangwei.
  /quit   (or Ctrl-D) leaves.
Messages the shop sends on its own are printed as they arrive, marked (主动消息); --jsonl prints
only the replies to its lines.
`;

/** Parses the command line; throws UsageError with a message for the user on a bad combination. */
export function parseChatOptions(argv: string[], env: Record<string, string | undefined>): ChatOptions | 'help' {
  let values;
  try {
    ({ values } = parseArgs({
      args: argv,
      options: {
        url: { type: 'string' },
        tenant: { type: 'string', default: 'demo' },
        shopper: { type: 'string' },
        'shopper-token': { type: 'string' },
        jsonl: { type: 'boolean', default: false },
        timeout: { type: 'string' },
        help: { type: 'boolean', short: 'h', default: false },
      },
      strict: true,
      allowPositionals: false,
    }));
  } catch (error) {
    throw new UsageError((error as Error).message);
  }
  if (values.help) return 'help';

  const url = (values.url ?? `http://127.0.0.1:${env.PORT || '3000'}`).replace(/\/+$/, '');
  if (!/^https?:\/\/[^/]+/.test(url)) throw new UsageError(`--url must be an http(s) URL, got "${url}"`);
  const tenant = values.tenant.trim();
  if (!tenant) throw new UsageError('--tenant must not be empty');
  if (values.shopper !== undefined && values['shopper-token'] !== undefined) throw new UsageError('give either --shopper or --shopper-token, not both');
  if (values.shopper !== undefined && tenant !== 'demo') {
    throw new UsageError('--shopper signs with the demo secret and only works with --tenant demo; for other tenants pass --shopper-token <token> signed by the merchant');
  }
  if (values.shopper !== undefined && !values.shopper.trim()) throw new UsageError('--shopper must not be empty');
  let timeoutMs = 15_000;
  if (values.timeout !== undefined) {
    timeoutMs = Number(values.timeout);
    if (!Number.isInteger(timeoutMs) || timeoutMs <= 0) throw new UsageError('--timeout must be a positive number of milliseconds');
  }
  return { url, tenant, shopper: values.shopper?.trim(), shopperToken: values['shopper-token'], jsonl: values.jsonl, timeoutMs };
}
