import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { knowledgeRoutesSuite } from './knowledge-routes-suite';

describe('knowledge console API on SQLite', () => {
  const dir = mkdtempSync(join(tmpdir(), 'kefu-knowledge-'));
  knowledgeRoutesSuite(async () => `sqlite:${join(dir, 'kefu.sqlite')}`);
  afterAll(() => rmSync(dir, { recursive: true, force: true }));
});
