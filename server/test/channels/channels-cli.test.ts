import { execFile } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { promisify } from 'node:util';
import { AuditEntry, Tenant } from '../../src/auth/models';
import { AuditLog } from '../../src/auth/audit-log';
import { runChannelsCommand } from '../../src/channels/channels-cli-commands';
import { ChannelAccount } from '../../src/channels/models';
import { openDatabase, type Database } from '../../src/db/database';
import { createLogger } from '../../src/logger';
import { FieldCipher } from '../../src/privacy/field-cipher';
import { TEST_AES_KEY } from './wechat-push';

const config = JSON.stringify({ appId: 'wx-cli', appSecret: 'cli-secret', token: 'cli-token', encodingAesKey: TEST_AES_KEY, mode: 'safe' });

/** The operator CLI's channel commands on a real (SQLite) database. */
describe('admin channels:add / list / remove', () => {
  let db: Database;
  let tenantId: number;
  const deps = { cipher: new FieldCipher(Buffer.alloc(32, 7)), audit: new AuditLog(), baseUrl: 'https://kefu.example.com' };

  beforeAll(async () => {
    const dir = mkdtempSync(join(tmpdir(), 'kefu-cli-'));
    db = await openDatabase({ url: `sqlite:${join(dir, 'cli.sqlite')}`, dataDir: dir, logger: createLogger('silent'), migrate: true });
    tenantId = (await Tenant.create({ key: 'cli-shop', name: 'CLI shop', orderNumberPattern: null })).id;
  });
  afterAll(() => db.close());

  it('adds an account (encrypted, audited), lists it without secrets, removes it', async () => {
    const added = (await runChannelsCommand(['channels:add', '--tenant', 'cli-shop', '--platform', 'wechat', '--config', config], deps)) as { id: number; webhookUrl: string };
    expect(added.webhookUrl).toBe(`https://kefu.example.com/webhooks/wechat/${added.id}`);
    const stored = await ChannelAccount.findOne({ where: { tenantId, id: added.id } });
    expect(stored).toMatchObject({ appId: 'wx-cli', platform: 'wechat' });
    expect(stored!.credentialsEncrypted).not.toContain('cli-secret');

    const listed = JSON.stringify(await runChannelsCommand(['channels:list', '--tenant', 'cli-shop'], deps));
    expect(listed).toContain(added.webhookUrl);
    expect(listed).not.toMatch(/cli-secret|cli-token/);

    await expect(runChannelsCommand(['channels:add', '--tenant', 'cli-shop', '--platform', 'wechat', '--config', config], deps)).rejects.toThrow(/already exists/);
    await expect(runChannelsCommand(['channels:add', '--tenant', 'cli-shop', '--platform', 'wechat', '--config', '{"appId":'], deps)).rejects.toThrow(/not a JSON object/);
    await expect(runChannelsCommand(['channels:add', '--tenant', 'cli-shop', '--platform', 'wechat', '--config', '{"appId":"x"}'], deps)).rejects.toThrow(/config\.appSecret/);
    await expect(runChannelsCommand(['channels:list', '--tenant', 'nobody'], deps)).rejects.toThrow(/no tenant/);

    expect(await runChannelsCommand(['channels:remove', '--tenant', 'cli-shop', '--id', String(added.id)], deps)).toEqual({ removed: added.id });
    expect(await ChannelAccount.count({ where: { tenantId } })).toBe(0);
    const actions = (await AuditEntry.findAll({ where: { tenantId } })).map((e) => e.action);
    expect(actions).toEqual(expect.arrayContaining(['channel_account.created', 'channel_account.removed']));
  });

  it('runs as its own process (the `admin` script) and fails with the reason', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'kefu-cli-run-'));
    const run = (args: string[]) =>
      promisify(execFile)(process.execPath, ['--import', 'tsx', 'server/src/channels/channels-cli.ts', ...args], {
        cwd: resolve(__dirname, '..', '..', '..'),
        env: { ...process.env, KEFU_DATA_DIR: dataDir, LOG_LEVEL: 'error' },
      });
    // An empty embedded database has no tenant yet: the CLI says so and exits non-zero.
    await expect(run(['channels:list', '--tenant', 'demo'])).rejects.toMatchObject({ stderr: expect.stringMatching(/no tenant "demo"/) });
  }, 120_000);
});
