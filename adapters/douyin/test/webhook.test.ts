import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { isProtocolError, type WebhookRequest } from '@kefu/shared';
import { protocolErrorOf } from '../../../shared/test/support/protocol-error-of';
import { douyinConfigSchema, douyinProtocol, douyinSignature } from '../src';

const config = douyinConfigSchema.parse({ clientKey: 'awtestclientkey', clientSecret: 'dy-secret-0123', businessOpenId: '_000LiV_o0FGKMwaZgqGMCvcVSf-UAnNU_kk', refreshToken: 'rft.x' });
const fixture = (name: string) => readFileSync(join(__dirname, 'fixtures', name));
/** The fixtures' create_time (1795687833000 ms, 2026-11-26 10:10:33 UTC). */
const FIXTURE_TIME = 1795687833000;

function signed(rawBody: Buffer, options: { secret?: string; receivedAt?: Date; msgId?: string } = {}): WebhookRequest {
  return {
    method: 'POST',
    query: {},
    headers: { 'content-type': 'application/json', 'x-douyin-signature': douyinSignature(options.secret ?? config.clientSecret, rawBody), 'msg-id': options.msgId ?? 'm-1' },
    rawBody,
    receivedAt: options.receivedAt ?? new Date(FIXTURE_TIME + 30_000),
  };
}

describe('douyin webhook verification', () => {
  it('answers the verify_webhook challenge with the same number', () => {
    const response = douyinProtocol.handshake?.(signed(fixture('verify-webhook.json')), config);
    expect(response).toEqual({ status: 200, contentType: 'application/json', body: '{"challenge":12345}' });
  });

  it('is not a handshake for an ordinary event', () => {
    expect(douyinProtocol.handshake?.(signed(fixture('im-receive-msg-text.json')), config)).toBeNull();
  });

  it('computes sha1hex(secret + raw bytes), as checked independently with Python hashlib', () => {
    expect(douyinSignature('dy-secret-0123', fixture('verify-webhook.json'))).toBe('142557f10c3a46518041fea77245f66f0f1c51fb');
  });

  it('accepts sha1(client_secret + raw body)', () => {
    expect(douyinProtocol.verify(signed(fixture('im-receive-msg-text.json')), config)).toEqual({ ok: true });
  });

  it('refuses a signature made with another secret, a missing one, and a body changed after signing', () => {
    const raw = fixture('im-receive-msg-text.json');
    expect(douyinProtocol.verify(signed(raw, { secret: 'wrong' }), config)).toMatchObject({ ok: false, status: 401 });
    const unsigned = signed(raw);
    delete unsigned.headers['x-douyin-signature'];
    expect(douyinProtocol.verify(unsigned, config)).toMatchObject({ ok: false, status: 401, reason: 'missing X-Douyin-Signature' });
    const tampered = { ...signed(raw), rawBody: Buffer.from(raw.toString('utf8').replace('快递', '包裹')) };
    expect(douyinProtocol.verify(tampered, config)).toMatchObject({ ok: false, status: 401 });
  });

  it('uses the mini-app webhook secret instead of the client secret when one is configured', () => {
    const miniApp = douyinConfigSchema.parse({ ...config, webhookSecret: 'mini-app-verify-key' });
    const raw = fixture('im-receive-msg-text.json');
    expect(douyinProtocol.verify(signed(raw, { secret: 'mini-app-verify-key' }), miniApp)).toEqual({ ok: true });
    expect(douyinProtocol.verify(signed(raw), miniApp)).toMatchObject({ ok: false, status: 401 });
  });

  it('refuses a correctly signed replay from outside the time window, and honours a wider configured window', () => {
    const raw = fixture('im-receive-msg-text.json');
    const late = new Date(FIXTURE_TIME + 31 * 60 * 1000);
    expect(douyinProtocol.verify(signed(raw, { receivedAt: late }), config)).toMatchObject({ ok: false, status: 403 });
    const patient = douyinConfigSchema.parse({ ...config, replayWindowSeconds: 3600 });
    expect(douyinProtocol.verify(signed(raw, { receivedAt: late }), patient)).toEqual({ ok: true });
  });

  it('refuses a correctly signed event that carries no create_time: its age cannot be checked', () => {
    const body = JSON.parse(fixture('im-receive-msg-text.json').toString('utf8')) as { content: string | Record<string, unknown> };
    const content = typeof body.content === 'string' ? (JSON.parse(body.content) as Record<string, unknown>) : body.content;
    delete content.create_time;
    body.content = typeof body.content === 'string' ? JSON.stringify(content) : content;
    const timeless = Buffer.from(JSON.stringify(body));
    expect(douyinProtocol.verify(signed(timeless), config)).toMatchObject({ ok: false, status: 403, reason: expect.stringContaining('create_time') });
  });
});

describe('douyin webhook parsing', () => {
  it('turns im_receive_msg (content as a JSON string) into a text message from the shopper', () => {
    const parsed = douyinProtocol.parse(signed(fixture('im-receive-msg-text.json')), config, '42');
    expect(parsed.messages).toEqual([
      {
        channelAccountId: '42',
        platform: 'douyin',
        platformMessageId: '7123456789012345678:7311111111111111111',
        externalUserId: '_000QadFMhmU1jNCI3JdPnyVDL6XavC70dFy',
        displayName: '小红帽',
        kind: 'text',
        text: '你好，我的快递到哪了',
        sentAt: new Date(1795687833000).toISOString(),
      },
    ]);
    expect(parsed.ack.status).toBe(200);
  });

  it('reads content given as an object, and marks pictures as images', () => {
    const [message] = douyinProtocol.parse(signed(fixture('im-receive-msg-image-object-content.json')), config, '42').messages;
    expect(message).toMatchObject({ kind: 'image', text: '[user_local_image]', platformMessageId: '7123456789012345678:7311111111111111122' });
  });

  it("ignores the account's own im_send_msg, so our replies never loop back as shopper turns", () => {
    const parsed = douyinProtocol.parse(signed(fixture('im-send-msg.json')), config, '42');
    expect(parsed.messages).toEqual([]);
    expect(parsed.events).toEqual([]);
  });

  it('gives a duplicate delivery (same server_message_id, another Msg-Id header and log) the same message id', () => {
    const raw = fixture('im-receive-msg-text.json');
    const again = Buffer.from(raw.toString('utf8').replace('202611261010330102081471321A4B9C1D', 'retry-log-id'));
    const first = douyinProtocol.parse(signed(raw, { msgId: 'a' }), config, '42').messages[0];
    const second = douyinProtocol.parse(signed(again, { msgId: 'b' }), config, '42').messages[0];
    expect(second?.platformMessageId).toBe(first?.platformMessageId);
  });

  it('refuses malformed JSON and events missing their content with a ProtocolError naming the problem', () => {
    const malformed = () => douyinProtocol.parse(signed(Buffer.from('{"event":"im_receive_msg",')), config, '42');
    expect(malformed).toThrow(/not JSON/);
    expect(() => malformed()).toThrow(expect.objectContaining({ __kefuProtocolError: true }));
    const noContent = Buffer.from(JSON.stringify({ event: 'im_receive_msg', from_user_id: 'u', content: { message_type: 'text' } }));
    try {
      douyinProtocol.parse(signed(noContent), config, '42');
      throw new Error('expected a ProtocolError');
    } catch (error) {
      expect(isProtocolError(error)).toBe(true);
      expect((error as Error).message).toMatch(/conversation_short_id/);
    }
  });

  it('checks the recorded im_receive_msg against its schema: each required content field missing, or of the wrong type, is named', () => {
    const recorded = JSON.parse(fixture('im-receive-msg-text.json').toString('utf8')) as { content: string };
    const withContent = (change: (content: Record<string, unknown>) => void) => {
      const content = JSON.parse(recorded.content) as Record<string, unknown>;
      change(content);
      return signed(Buffer.from(JSON.stringify({ ...recorded, content: JSON.stringify(content) })));
    };
    expect(douyinProtocol.parse(withContent(() => undefined), config, '42').messages).toHaveLength(1);
    for (const field of ['conversation_short_id', 'server_message_id', 'create_time']) {
      expect(protocolErrorOf(() => douyinProtocol.parse(withContent((c) => delete c[field]), config, '42'))).toMatch(new RegExp(`^not a Douyin im_receive_msg content: ${field}`));
    }
    expect(protocolErrorOf(() => douyinProtocol.parse(withContent((c) => (c.create_time = '1795687833000')), config, '42'))).toMatch(/create_time/);
    expect(protocolErrorOf(() => douyinProtocol.parse(signed(Buffer.from(JSON.stringify({ ...recorded, event: 42 }))), config, '42'))).toMatch(/^not a Douyin webhook event: event/);
  });

  it('parses the mini-game 抖音客服平台 push and acknowledges with {"success":true}', () => {
    const cs = douyinConfigSchema.parse({ ...config, mode: 'minigame_customer_service' });
    const raw = fixture('minigame-customer-service-text.json');
    expect(douyinProtocol.verify(signed(raw, { receivedAt: new Date(1795687900 * 1000 + 1000) }), cs)).toEqual({ ok: true });
    const parsed = douyinProtocol.parse(signed(raw), cs, '7');
    expect(parsed.ack.body).toBe('{"success":true}');
    expect(parsed.messages[0]).toMatchObject({ externalUserId: '_000HgjqoVqHa7gUQvZcBDq2rd8P3aVgzHmV', text: '这个鞋子有43码吗', platformMessageId: 'conv-9f8e7d:msg-000123', sentAt: new Date(1795687900000).toISOString() });
  });
});
