import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { proofStoreSuite } from './proof-store-suite';

/** Order-proof limits and one-time codes on the embedded default, a SQLite file. */
describe('order proof store on SQLite', () => {
  const dir = mkdtempSync(join(tmpdir(), 'kefu-proof-'));
  proofStoreSuite(async () => `sqlite:${join(dir, 'kefu.sqlite')}`);
  afterAll(() => rmSync(dir, { recursive: true, force: true }));
});
