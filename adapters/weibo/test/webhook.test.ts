import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { isProtocolError, type OutboundMessage, type WebhookRequest } from '@kefu/shared';
import { protocolErrorOf } from '../../../shared/test/support/protocol-error-of';
import { PASSIVE_TEXT_LIMIT, weiboConfigSchema, weiboProtocol, weiboSignature } from '../src';

const config = weiboConfigSchema.parse({ appSecret: 'xyz123xyz', accessToken: 't' });
const fixture = (name: string) => readFileSync(join(__dirname, 'fixtures', name));
/** 2026-11-26 18:10:40 +0800, a few seconds after the fixtures' created_at. */
const NOW = Date.parse('2026-11-26T10:10:40Z');

function push(rawBody: Buffer, options: { at?: number; secret?: string; unsigned?: boolean } = {}): WebhookRequest {
  const timestamp = String(options.at ?? NOW - 1000);
  const nonce = '57155157';
  const query: Record<string, string> = options.unsigned ? {} : { timestamp, nonce, signature: weiboSignature(options.secret ?? config.appSecret, timestamp, nonce) };
  return { method: 'POST', query, headers: { 'content-type': 'application/json' }, rawBody, receivedAt: new Date(NOW) };
}

describe('weibo verification', () => {
  it("matches the platform's own example signature", () => {
    expect(weiboSignature('xyz123xyz', '1397022061823', '57155157')).toBe('90e4c22c90a58f26526c2dd5b6c56c8822edeaa1');
  });

  it('answers the GET check with echostr, and refuses a wrong signature with 401', () => {
    const query = { signature: '90e4c22c90a58f26526c2dd5b6c56c8822edeaa1', timestamp: '1397022061823', nonce: '57155157', echostr: 'hello-weibo' };
    const request: WebhookRequest = { method: 'GET', query, headers: {}, rawBody: Buffer.alloc(0), receivedAt: new Date(1397022061823 + 2000) };
    expect(weiboProtocol.handshake?.(request, config)).toEqual({ status: 200, contentType: 'text/plain', body: 'hello-weibo' });
    expect(weiboProtocol.handshake?.({ ...request, query: { ...query, signature: '0'.repeat(40) } }, config)).toMatchObject({ status: 401 });
  });

  it('verifies signed pushes and refuses a wrong secret, a missing signature and an old timestamp', () => {
    const raw = fixture('text-push.json');
    expect(weiboProtocol.verify(push(raw), config)).toEqual({ ok: true });
    expect(weiboProtocol.verify(push(raw, { secret: 'nope' }), config)).toMatchObject({ ok: false, status: 401 });
    expect(weiboProtocol.verify(push(raw, { unsigned: true }), config)).toMatchObject({ ok: false, status: 401 });
    expect(weiboProtocol.verify(push(raw, { at: NOW - 10 * 60 * 1000 }), config)).toMatchObject({ ok: false, status: 403 });
  });

  it('refuses unsigned pushes even for an account stored with the old lenient setting', () => {
    const legacy = weiboConfigSchema.parse({ ...config, postSignature: 'when_present' });
    expect(legacy.postSignature).toBe('required');
    expect(weiboProtocol.verify(push(fixture('text-push.json'), { unsigned: true }), legacy)).toMatchObject({ ok: false, status: 401 });
    expect(weiboProtocol.verify(push(fixture('text-push.json'), { secret: 'nope' }), legacy)).toMatchObject({ ok: false });
  });
});

describe('weibo push parsing', () => {
  it('turns a text push into a message from the fan, acknowledged with an empty body', () => {
    const parsed = weiboProtocol.parse(push(fixture('text-push.json')), config, '9');
    expect(parsed.messages).toEqual([
      expect.objectContaining({ channelAccountId: '9', platform: 'weibo', externalUserId: '2489518277', kind: 'text', text: '我买的耳机什么时候发货', sentAt: '2026-11-26T10:10:33.000Z' }),
    ]);
    expect(parsed.messages[0]?.platformMessageId).toMatch(/^2489518277:1795687833:[0-9a-f]{12}$/);
    expect(parsed.ack).toMatchObject({ status: 200, body: '' });
  });

  it('gives a retried push the same id, and a different message in the same second another one', () => {
    const raw = fixture('text-push.json');
    const first = weiboProtocol.parse(push(raw), config, '9').messages[0]?.platformMessageId;
    const retry = weiboProtocol.parse(push(Buffer.from(raw)), config, '9').messages[0]?.platformMessageId;
    const other = weiboProtocol.parse(push(Buffer.from(raw.toString('utf8').replace('耳机', '手机'))), config, '9').messages[0]?.platformMessageId;
    expect(retry).toBe(first);
    expect(other).not.toBe(first);
  });

  it('renders a passive reply as Weibo documents it, within 300 characters', () => {
    const parsed = weiboProtocol.parse(push(fixture('text-push.json')), config, '9');
    const reply: OutboundMessage = { messageId: '1', conversationId: '1', channelAccountId: '9', externalUserId: '2489518277', role: 'bot', text: '好'.repeat(400), cards: [] };
    const rendered = parsed.passiveReply?.render(reply);
    const body = JSON.parse(rendered?.body ?? '{}') as { result: boolean; sender_id: string; receiver_id: string; type: string; data: string };
    expect(body).toMatchObject({ result: true, sender_id: '1902538057', receiver_id: '2489518277', type: 'text' });
    const text = (JSON.parse(decodeURIComponent(body.data)) as { text: string }).text;
    expect(Array.from(text)).toHaveLength(PASSIVE_TEXT_LIMIT);
    expect(text.endsWith('…')).toBe(true);
  });

  it('records a follow as an event, not a shopper message', () => {
    const parsed = weiboProtocol.parse(push(fixture('follow-event.json')), config, '9');
    expect(parsed.messages).toEqual([]);
    expect(parsed.events).toEqual([expect.objectContaining({ kind: 'weibo.follow' })]);
  });

  it('reads the WeChat-compatible XML format when the account chose it', () => {
    const xml = weiboConfigSchema.parse({ ...config, pushFormat: 'xml' });
    const [message] = weiboProtocol.parse(push(fixture('text-push.xml')), xml, '9').messages;
    expect(message).toMatchObject({ externalUserId: '2489518277', text: '我买的耳机什么时候发货', sentAt: '2026-11-26T10:10:33.000Z' });
  });

  it('refuses malformed JSON, malformed XML and pushes without a sender with a ProtocolError', () => {
    const expectProtocolError = (run: () => unknown, pattern: RegExp) => {
      try {
        run();
      } catch (error) {
        expect(isProtocolError(error)).toBe(true);
        expect((error as Error).message).toMatch(pattern);
        return;
      }
      throw new Error('expected a ProtocolError');
    };
    expectProtocolError(() => weiboProtocol.parse(push(Buffer.from('{"type":"text",')), config, '9'), /not JSON/);
    const xml = weiboConfigSchema.parse({ ...config, pushFormat: 'xml' });
    expectProtocolError(() => weiboProtocol.parse(push(Buffer.from('<xml><MsgType>text</xml>')), xml, '9'), /not XML/);
    expectProtocolError(() => weiboProtocol.parse(push(Buffer.from('{"type":"text","receiver_id":1,"created_at":"x"}')), config, '9'), /sender_id/);
  });

  it('checks the recorded push against its schema: each documented field missing, or of the wrong type, is named', () => {
    const recorded = JSON.parse(fixture('text-push.json').toString('utf8')) as Record<string, unknown>;
    const parse = (value: unknown) => weiboProtocol.parse(push(Buffer.from(JSON.stringify(value))), config, '9');
    expect(parse(recorded).messages).toHaveLength(1);
    for (const field of ['type', 'receiver_id', 'sender_id', 'created_at']) {
      expect(protocolErrorOf(() => parse({ ...recorded, [field]: undefined }))).toMatch(new RegExp(`^not a Weibo push: ${field}`));
    }
    expect(protocolErrorOf(() => parse({ ...recorded, data: 'not-an-object' }))).toMatch(/^not a Weibo push: data/);
    expect(protocolErrorOf(() => parse({ ...recorded, text: ['多', '段'] }))).toMatch(/^not a Weibo push: text/);
  });
});
