import type { RunningKefu } from '../../src/boot';
import { Tenant } from '../../src/auth/models';
import { ensureChannelAccount } from '../../src/channels/channel-account-service';
import { Message } from '../../src/conversations/models';
import { acceptInbound } from '../../src/pipeline/accept-inbound';
import { TestShopper } from '../support/shopper';
import { embeddedTestEnv, productionTestEnv, startTestKefu } from '../support/start-test-kefu';
import { describeWithServices } from '../support/test-database';

async function waitFor<T>(probe: () => Promise<T | undefined | null | false>, what: string, timeoutMs = 15_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    const value = await probe();
    if (value) return value;
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`timed out waiting for ${what}`);
}

/**
 * Accept messages in a process whose workers never run (as if it crashed right after accepting),
 * stop it, boot again on the same storage, and expect every accepted message to be answered.
 */
async function expectRestartLosesNothing(env: Record<string, string>): Promise<void> {
  const first = await startTestKefu({ ...env, RUN_WORKERS: 'false' });
  let shopper: TestShopper;
  let accepted: { id: string }[];
  try {
    shopper = await new TestShopper(first.url).start();
    accepted = [await shopper.say('你好'), await shopper.say('七天无理由能退吗')];
    const beforeRestart = await shopper.messages();
    expect(beforeRestart.filter((m) => m.role === 'bot')).toHaveLength(0);
  } finally {
    await first.stop();
  }

  const second = await startTestKefu({ ...env, RUN_WORKERS: 'true', SEED_DEMO: 'true' });
  try {
    const restarted = new TestShopper(second.url);
    restarted.token = shopper.token; // the session survives the restart
    const messages = await waitFor(async () => {
      const all = await restarted.messages();
      return all.filter((m) => m.role === 'bot').length >= 2 ? all : undefined;
    }, 'replies after restart');
    for (const message of accepted) {
      const replies = await Message.findAll({ where: { tenantId: (await Tenant.findOne({ where: { key: 'demo' } }))!.id, replyToId: Number(message.id) } });
      expect(replies).toHaveLength(1);
    }
    expect(messages.filter((m) => m.role === 'shopper').map((m) => m.text)).toEqual(['你好', '七天无理由能退吗']);
  } finally {
    await second.stop();
  }
}

describe('embedded set-up (SQLite, in-process queue)', () => {
  it('answers after a restart every message accepted before it', async () => {
    await expectRestartLosesNothing(embeddedTestEnv({ SEED_DEMO: 'true' }));
  });
});

describeWithServices('production set-up (MariaDB, Bull on Redis)', () => {
  it('answers after a restart every message accepted before it', async () => {
    await expectRestartLosesNothing(await productionTestEnv('restart'));
  });

  it('ends a reply that cannot be delivered visibly failed, with the reason, after the last attempt', async () => {
    const kefu: RunningKefu = await startTestKefu(await productionTestEnv('failure', { JOB_ATTEMPTS: '2' }));
    try {
      const tenant = (await Tenant.findOne({ where: { key: 'demo' } }))!;
      // A Douyin account created without credentials (the Douyin adapter is registered, but cannot
      // sign in): delivery must fail, not vanish.
      const account = await ensureChannelAccount(tenant.id, 'douyin', 'dy-test-app', '抖音测试号');
      const { message } = await acceptInbound(kefu.deps, tenant.id, {
        channelAccountId: String(account.id),
        platform: 'douyin',
        platformMessageId: 'dy-msg-1',
        externalUserId: 'dy-open-id-1',
        kind: 'text',
        text: '你好',
        sentAt: new Date().toISOString(),
      });
      const reply = await waitFor(async () => {
        const found = await Message.findOne({ where: { tenantId: tenant.id, replyToId: message.id } });
        return found?.status === 'failed' ? found : undefined;
      }, 'failed reply');
      expect(reply.failureReason).toMatch(/channel account \d+ has no stored credentials/);
      expect(reply.attempts).toBe(2);
      const failedJobs = await waitFor(async () => {
        const jobs = await kefu.runtime.queues.outbound.failed();
        return jobs.some((j) => j.id === `out:${reply.id}`) ? jobs : undefined;
      }, 'failed job listing');
      expect(failedJobs.find((j) => j.id === `out:${reply.id}`)?.reason).toMatch(/delivery failed/);
    } finally {
      await kefu.stop();
    }
  });
});
