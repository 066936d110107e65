import type { RunningKefu } from '../../src/boot';
import { TestShopper } from '../support/shopper';
import { productionTestEnv, startTestKefu } from '../support/start-test-kefu';
import { describeWithServices } from '../support/test-database';
import { waitFor } from '../support/wait-for';

/**
 * Issue 12 asks for at most 12 database round trips per bot-answered message (request + inbound
 * worker + outbound worker). Counted with the runtime's query counter over several messages, on
 * the production set-up, so the count cannot creep back unnoticed.
 */
// Lowered as the path is cut; the target is 12.
const CEILING = Number(process.env.KEFU_DB_ROUND_TRIP_CEILING ?? 18);
const MESSAGES = 8;

async function counterValue(kefu: RunningKefu, name: 'dbQueries' | 'deliveries'): Promise<number> {
  const metric = await kefu.runtime.metrics[name].get();
  return metric.values.filter((v) => name === 'dbQueries' || v.labels.status === 'sent').reduce((sum, v) => sum + v.value, 0);
}

/** Every queued step has run to its end: delivered count reached and no query for a while. */
async function settle(kefu: RunningKefu, deliveredAtLeast: number): Promise<number> {
  await waitFor('replies delivered', async () => (await counterValue(kefu, 'deliveries')) >= deliveredAtLeast);
  let last = -1;
  let quietChecks = 0;
  return waitFor('database quiet', async () => {
    const now = await counterValue(kefu, 'dbQueries');
    quietChecks = now === last ? quietChecks + 1 : 0;
    last = now;
    await new Promise((resolve) => setTimeout(resolve, 100));
    return quietChecks >= 3 ? now : null;
  });
}

describeWithServices('database round trips per bot-answered message', () => {
  let kefu: RunningKefu;

  beforeAll(async () => {
    kefu = await startTestKefu(await productionTestEnv('roundtrips'));
  });
  afterAll(async () => {
    await kefu?.stop();
  });

  it(`answers a web shopper in at most ${CEILING} round trips a message`, async () => {
    const shopper = await new TestShopper(kefu.url).start();
    await shopper.connect();
    const texts = ['你好', '七天无理由能退吗', '运费谁出', '怎么退货'];
    const botReplies = () => shopper.frames.filter((f) => f.type === 'message' && f.message.role === 'bot').length;
    // One warm-up round: first-use loads (tenant settings, channel account, the knowledge index) are not per message.
    for (const [i, text] of texts.entries()) {
      await shopper.say(text);
      await waitFor(`warm-up reply ${i + 1}`, async () => botReplies() >= i + 1);
    }
    const before = await settle(kefu, texts.length);
    for (let i = 0; i < MESSAGES; i++) {
      await shopper.say(texts[i % texts.length]!);
      await waitFor(`reply ${i + 1}`, async () => botReplies() >= texts.length + i + 1);
    }
    const after = await settle(kefu, texts.length + MESSAGES);
    shopper.close();
    const perMessage = (after - before) / MESSAGES;
    process.stderr.write(`database round trips per bot-answered web message: ${perMessage.toFixed(1)}\n`);
    expect(perMessage).toBeLessThanOrEqual(CEILING);
  });
});
