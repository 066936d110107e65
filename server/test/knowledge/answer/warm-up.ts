import { TestShopper } from '../../support/shopper';

/**
 * The first messages of a fresh server load the NLU and build the tenant's knowledge index; on the
 * shared, loaded test machine a keep-alive socket polled meanwhile was reset (ECONNRESET) more than
 * once. Tests that measure answers start after a greeting and a knowledge question have gone
 * through, each retried once if the transport drops.
 */
export async function warmUp(url: string): Promise<void> {
  for (let attempt = 1; ; attempt += 1) {
    try {
      const shopper = await new TestShopper(url).start();
      await shopper.replyAfter(await shopper.say('你好'), 60_000);
      await shopper.replyAfter(await shopper.say('发票怎么开'), 60_000);
      return;
    } catch (error) {
      if (attempt >= 2) throw error;
    }
  }
}
