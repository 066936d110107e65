import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { consoleRoutesSuite } from './console-routes-suite';

/** The same flows on the embedded default, a SQLite file (WAL needs a file, not :memory:). */
describe('console API on SQLite', () => {
  const dir = mkdtempSync(join(tmpdir(), 'kefu-auth-'));
  consoleRoutesSuite(async () => `sqlite:${join(dir, 'kefu.sqlite')}`);
  // Declared after the suite so it runs after the suite's afterAll has closed the database.
  afterAll(() => rmSync(dir, { recursive: true, force: true }));
});
