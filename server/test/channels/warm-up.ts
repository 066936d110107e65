import type { RunningKefu } from '../../src/boot';

/**
 * The first message of a fresh process loads the language models, which takes seconds and blocks
 * the event loop; the passive-reply tests are about a warm process, so the engine is asked once first.
 */
export async function warmUp(kefu: RunningKefu, tenantId: number): Promise<void> {
  await kefu.deps.understander.understand('你好，我的快递到哪了', {}, { id: tenantId, orderNumberPattern: null });
}
