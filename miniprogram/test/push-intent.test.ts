import type { RunningKefu } from '../../server/src/boot';
import { TestShopper } from '../../server/test/support/shopper';
import { embeddedTestEnv, startTestKefu } from '../../server/test/support/start-test-kefu';

/** The chat merges pushed replies as they are, so the push frame must say what the stored reply says, intent included. */
describe('web push frames', () => {
  let kefu: RunningKefu;
  beforeAll(async () => {
    kefu = await startTestKefu(embeddedTestEnv());
  });
  afterAll(async () => {
    await kefu?.stop();
  });

  it("carry the bot reply's intent, the same as GET /api/web/messages", async () => {
    const shopper = await new TestShopper(kefu.url).start({ tenantKey: 'demo', shopperToken: TestShopper.demoShopperToken('zhangwei') });
    await shopper.connect();
    const asked = await shopper.say('我的订单到哪了');
    const stored = await shopper.replyAfter(asked);
    expect(stored.intent).toBeTruthy();
    const pushed = await shopper.frameMatching((f) => f.type === 'message' && f.message.id === stored.id);
    expect(pushed.type === 'message' ? pushed.message.intent : undefined).toBe(stored.intent);
    shopper.close();
  });
});
