import { TestShopper } from '../../support/shopper';

/**
 * The first message of a fresh server loads the NLU and builds the tenant's index; on the shared
 * test machine a keep-alive socket polled meanwhile was reset (ECONNRESET) more than once. Tests
 * that measure answers start after one full round trip, retried once if the transport drops.
 */
export async function warmUp(url: string): Promise<void> {
  for (let attempt = 1; ; attempt += 1) {
    try {
      const shopper = await new TestShopper(url).start();
      await shopper.replyAfter(await shopper.say('你好'), 60_000);
      return;
    } catch (error) {
      if (attempt >= 2) throw error;
    }
  }
}
