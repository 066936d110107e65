import { join } from 'node:path';
import type { KefuConfig } from '@kefu/shared';

/**
 * Where trained NLU weights are kept: KEFU_MODEL_CACHE_DIR, else `models/` under the data dir.
 * Files are validated by fingerprint on load, so one directory can serve many data dirs (a test run
 * boots dozens of servers on fresh data dirs and should train once, not once per server).
 */
export function modelCacheDir(config: Pick<KefuConfig, 'KEFU_DATA_DIR' | 'KEFU_MODEL_CACHE_DIR'>): string {
  return config.KEFU_MODEL_CACHE_DIR ?? join(config.KEFU_DATA_DIR, 'models');
}
