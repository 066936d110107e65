import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { identitySuite } from './identity-suite';

/** Identity linking, merge and unmerge on the embedded default, a SQLite file. */
describe('identity on SQLite', () => {
  const dir = mkdtempSync(join(tmpdir(), 'kefu-identity-'));
  identitySuite(async () => `sqlite:${join(dir, 'kefu.sqlite')}`);
  afterAll(() => rmSync(dir, { recursive: true, force: true }));
});
