import { randomBytes } from 'node:crypto';
import { Tenant } from '../../src/auth/models';
import { createChannelAccount, updateChannelAccount } from '../../src/channels/channel-account-admin';
import { decryptChannelConfig } from '../../src/channels/channel-account-config';
import { findChannelProtocol } from '../../src/channels/channel-protocols';
import { openDatabase, type Database } from '../../src/db/database';
import { createLogger } from '../../src/logger';
import { FieldCipher } from '../../src/privacy/field-cipher';
import { describeWithServices, freshMysqlDatabase } from '../support/test-database';

/**
 * A config update merges over the stored secrets so they need not be typed again, except when it
 * moves an address: then the stored secret would go to a host it was never meant for.
 */
describeWithServices('channel account updates that move an address', () => {
  let db: Database;
  const cipher = new FieldCipher(randomBytes(32));
  let tenantId: number;
  let accountId: number;
  const stored = { appId: 'wx-secrets-1', appSecret: 'the-real-secret', token: 'tok', encodingAesKey: 'a'.repeat(43), mode: 'safe' };

  beforeAll(async () => {
    db = await openDatabase({ url: await freshMysqlDatabase('channel_secrets'), dataDir: '/tmp', logger: createLogger('silent'), migrate: true });
    tenantId = (await Tenant.create({ key: 'secrets', name: 'Secrets shop', orderNumberPattern: null })).id;
    accountId = (await createChannelAccount(cipher, tenantId, { platform: 'wechat', appId: stored.appId, name: 'OA', config: stored })).id;
  });
  afterAll(() => db?.close());

  const configNow = async () => {
    const { ChannelAccount } = await import('../../src/channels/models');
    const account = (await ChannelAccount.findOne({ where: { tenantId, id: accountId } }))!;
    return decryptChannelConfig(cipher, findChannelProtocol('wechat')!, account) as Record<string, unknown>;
  };

  it('keeps merging secrets for updates that move no address', async () => {
    await updateChannelAccount(cipher, tenantId, accountId, { config: { passiveReply: false } });
    expect(await configNow()).toMatchObject({ appSecret: 'the-real-secret', passiveReply: false });
  });

  it('refuses a new API host without the secrets, naming them, and stores nothing', async () => {
    await expect(updateChannelAccount(cipher, tenantId, accountId, { config: { apiBaseUrl: 'https://attacker.example' } })).rejects.toMatchObject({
      status: 400,
      message: expect.stringMatching(/appSecret.*token.*encodingAesKey/),
    });
    expect((await configNow()).apiBaseUrl).not.toBe('https://attacker.example');
  });

  it('accepts a new API host when the secrets come with it', async () => {
    await updateChannelAccount(cipher, tenantId, accountId, { config: { apiBaseUrl: 'https://api.weixin.example', appSecret: 'typed-again', token: 'tok2', encodingAesKey: 'b'.repeat(43) } });
    expect(await configNow()).toMatchObject({ apiBaseUrl: 'https://api.weixin.example', appSecret: 'typed-again' });
  });
});
