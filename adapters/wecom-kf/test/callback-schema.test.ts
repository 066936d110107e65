import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { WebhookRequest } from '@kefu/shared';
import { protocolErrorOf } from '../../../shared/test/support/protocol-error-of';
import { encryptMessage, sha1Signature } from '@kefu/wechat-crypto';
import { wecomKfConfigSchema, wecomKfProtocol } from '../src';

const config = wecomKfConfigSchema.parse({ corpId: 'ww-kefu-corp', secret: 'kf-secret', token: 'kf-token', encodingAesKey: '6qkdMrq68nTKduznJYO1A37W2oEgpkMUvkttRToqhUt', timestampToleranceSeconds: 3600 });
const recorded = readFileSync(join(__dirname, 'fixtures', 'kf-msg-or-event.xml'), 'utf8');

function callback(plain: string): WebhookRequest {
  const timestamp = String(Math.floor(Date.now() / 1000));
  const encrypt = encryptMessage(config.encodingAesKey, plain, config.corpId);
  const query = { msg_signature: sha1Signature(config.token, timestamp, '8', encrypt), timestamp, nonce: '8' };
  return { method: 'POST', query, headers: {}, rawBody: Buffer.from(`<xml><ToUserName>${config.corpId}</ToUserName><Encrypt><![CDATA[${encrypt}]]></Encrypt></xml>`), receivedAt: new Date() };
}

const parseError = (plain: string) => protocolErrorOf(() => wecomKfProtocol.parse(callback(plain), config, '1'));

const withoutElement = (xml: string, name: string) => xml.replace(new RegExp(`<${name}>.*?</${name}>\\n?`, 's'), '');
const withElement = (xml: string, name: string, value: string) => xml.replace(new RegExp(`<${name}>.*?</${name}>`, 's'), `<${name}>${value}</${name}>`);

describe('wecom-kf callbacks are checked against their documented shape (zod) after decryption', () => {
  it('the recorded kf_msg_or_event notice parses into the sync event', () => {
    expect(wecomKfProtocol.parse(callback(recorded), config, '1').events).toEqual([
      expect.objectContaining({ kind: 'wecom-kf.kf_msg_or_event', payload: expect.objectContaining({ Token: 'ENCApHxnGDNAVNY4AaSJKj4Tb5mwsEMzxhFmHVGcra996NR', OpenKfId: 'wkxxxxxxxxxxxxxxxxxx' }) }),
    ]);
  });

  // platforms.md §2: ToUserName (CorpID), CreateTime, MsgType=event, Event=kf_msg_or_event, Token, OpenKfId.
  it.each(['ToUserName', 'CreateTime', 'MsgType', 'Event', 'Token', 'OpenKfId'])('refuses the notice without %s, naming it', (field) => {
    expect(parseError(withoutElement(recorded, field))).toMatch(new RegExp(`^not a WeCom kf callback: .*${field}`));
  });

  it('refuses fields of the wrong type or value: a CreateTime that is not a number, a message instead of an event', () => {
    expect(parseError(withElement(recorded, 'CreateTime', 'soon'))).toMatch(/CreateTime expected a decimal number/);
    expect(parseError(withElement(recorded, 'MsgType', 'text'))).toMatch(/MsgType/);
  });

  it('other WeCom events on the same URL need only the common fields', () => {
    const other = withElement(withoutElement(withoutElement(recorded, 'Token'), 'OpenKfId'), 'Event', 'change_external_contact');
    expect(wecomKfProtocol.parse(callback(other), config, '1').events[0]?.kind).toBe('wecom-kf.change_external_contact');
  });
});
