import { join, resolve } from 'node:path';

/**
 * Where the workplace's shared data sets live: `../shared/data` beside the repository (never copied
 * into it), or KEFU_SHARED_DATA. Benchmarks, measurement scripts and tests read them through this.
 */
export function sharedDataPath(...parts: string[]): string {
  const base = process.env.KEFU_SHARED_DATA ?? resolve(__dirname, '..', '..', '..', 'shared', 'data');
  return join(base, ...parts);
}
