import { randomBytes } from 'node:crypto';
import autocannon from 'autocannon';
import { cdata, encryptMessage, sha1Signature } from '@kefu/wechat-crypto';
import { LocalWechatApi } from '../adapters/wechat/test/local-wechat-api';

/**
 * WeChat safe-mode webhooks per second: each request is a fresh encrypted, signed push with its own
 * MsgId, so Kefu verifies msg_signature, decrypts, parses, stores and queues every one. Passive
 * replies are off (the route acknowledges "success" at once); replies go to a local WeChat API on
 * 127.0.0.1, never to WeChat.
 */
const ACCOUNT = { appId: 'wx-bench', token: 'bench-token', encodingAesKey: 'abcdefghijklmnopqrstuvwxyz0123456789ABCDEFG' };
const TEXTS = ['你好', '七天无理由能退吗', '运费谁出', '怎么退货', '有优惠券吗'];

async function consoleToken(url: string): Promise<string> {
  const response = await fetch(`${url}/api/console/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ tenantKey: 'demo', email: 'owner@demo.kefu', password: 'demo-owner-pass' }),
  });
  if (!response.ok) throw new Error(`console login failed: ${response.status}`);
  return ((await response.json()) as { token: string }).token;
}

export async function createWechatAccount(url: string, apiBaseUrl: string, passiveReply = false): Promise<string> {
  const response = await fetch(`${url}/api/console/channel-accounts`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${await consoleToken(url)}` },
    body: JSON.stringify({
      platform: 'wechat',
      appId: ACCOUNT.appId,
      name: 'bench',
      config: { ...ACCOUNT, appSecret: 'app-secret', mode: 'safe', passiveReply, apiBaseUrl },
    }),
  });
  if (response.status !== 201) throw new Error(`channel account not created: ${response.status} ${await response.text()}`);
  return ((await response.json()) as { channelAccount: { webhookPath: string } }).channelAccount.webhookPath;
}

export function signedPush(openId: string, msgId: string, text: string): { path: string; body: string } {
  const timestamp = String(Math.floor(Date.now() / 1000));
  const nonce = String(randomBytes(4).readUInt32BE());
  const xml = `<xml><ToUserName>${cdata('gh_bench')}</ToUserName><FromUserName>${cdata(openId)}</FromUserName><CreateTime>${timestamp}</CreateTime><MsgType>${cdata('text')}</MsgType><Content>${cdata(text)}</Content><MsgId>${msgId}</MsgId></xml>`;
  const encrypt = encryptMessage(ACCOUNT.encodingAesKey, xml, ACCOUNT.appId);
  const query = new URLSearchParams({ signature: sha1Signature(ACCOUNT.token, timestamp, nonce), timestamp, nonce, encrypt_type: 'aes', msg_signature: sha1Signature(ACCOUNT.token, timestamp, nonce, encrypt) });
  return { path: `?${query.toString()}`, body: `<xml><ToUserName>${cdata('gh_bench')}</ToUserName><Encrypt>${cdata(encrypt)}</Encrypt></xml>` };
}

export interface WechatBench {
  webhookPath: string;
  stop(): Promise<void>;
}

/** A WeChat account on the target whose replies go to a local WeChat API on 127.0.0.1. */
export async function startWechatBench(url: string): Promise<WechatBench> {
  const api = new LocalWechatApi();
  await api.start();
  try {
    return { webhookPath: await createWechatAccount(url, api.url), stop: () => api.stop() };
  } catch (error) {
    await api.stop();
    throw error;
  }
}

const runId = randomBytes(3).readUIntBE(0, 3);
let counter = 0;

/** The next fresh push: its own MsgId, one of 64 followers. */
function nextPush(webhookPath: string): { path: string; body: string } {
  counter += 1;
  const push = signedPush(`o-bench-${counter % 64}`, `${runId}${String(counter).padStart(9, '0')}`, TEXTS[counter % TEXTS.length]!);
  return { path: webhookPath + push.path, body: push.body };
}

/** One push, resolved once the target's webhook answered it. */
export async function sendWechatPush(url: string, bench: WechatBench): Promise<void> {
  const push = nextPush(bench.webhookPath);
  const response = await fetch(url + push.path, { method: 'POST', headers: { 'content-type': 'text/xml' }, body: push.body });
  if (!response.ok) throw new Error(`webhook answered ${response.status}`);
  await response.text();
}

export async function cannonWechatWebhooks(url: string, bench: WechatBench, connections: number, durationS: number): Promise<autocannon.Result> {
  return autocannon({
    url,
    connections,
    duration: durationS,
    requests: [
      {
        method: 'POST',
        path: bench.webhookPath,
        setupRequest: (request) => {
          const push = nextPush(bench.webhookPath);
          return { ...request, path: push.path, headers: { 'content-type': 'text/xml' }, body: push.body };
        },
      },
    ],
  });
}
