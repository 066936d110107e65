import { randomBytes } from 'node:crypto';
import { mkdirSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';

/**
 * Writes a model file so that concurrent readers see a whole old file or a whole new one: several
 * processes (server and workers, or parallel test servers sharing one model cache) may write the same
 * file at once. Each writes a private temp file and renames it into place. Returns false instead of
 * throwing: model files only save time, so a read-only or full disk must not stop the engine.
 */
export function writeFileAtomic(file: string, data: Buffer): boolean {
  const temp = `${file}.${process.pid}.${randomBytes(6).toString('hex')}.tmp`;
  try {
    mkdirSync(dirname(file), { recursive: true });
    writeFileSync(temp, data);
    renameSync(temp, file);
    return true;
  } catch {
    rmSync(temp, { force: true });
    return false;
  }
}
