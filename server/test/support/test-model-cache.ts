import { tmpdir } from 'node:os';
import { join } from 'node:path';

/**
 * One model cache for every test server of a jest run (and of the next run): each test gets a fresh
 * data dir, but the trained NLU weights only depend on the corpus and code, which the fingerprint in
 * each cached file already checks. Training once instead of per server saves seconds per boot (a
 * minute under load). Writes are atomic, so parallel jest workers may share it.
 */
export function sharedTestModelDir(): string {
  return join(tmpdir(), 'kefu-test-models');
}
