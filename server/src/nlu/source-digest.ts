import { createHash } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import { dirname, extname, join } from 'node:path';

/**
 * Hash of the source files in `dirs` (this build's extension: .ts under tsx/jest, .js when compiled)
 * and of the named libraries' versions. A model generated from code fingerprints itself this way
 * without generating its corpus: when none of its sources changed, a cached model is still the same.
 */
export function digestSources(dirs: string[], libraries: string[]): string {
  const hash = createHash('sha256');
  const extension = extname(__filename);
  for (const dir of dirs) {
    for (const file of readdirSync(dir).filter((f) => f.endsWith(extension)).sort()) {
      hash.update(`${file}\0`).update(readFileSync(join(dir, file))).update('\0');
    }
  }
  for (const library of libraries) hash.update(`${library}@${libraryVersion(library)}\0`);
  return hash.digest('hex');
}

function libraryVersion(name: string): string {
  // Packages with an `exports` map hide package.json from require; its location next to the entry point does not change.
  try {
    let dir = dirname(require.resolve(name));
    for (let depth = 0; depth < 4; depth += 1, dir = dirname(dir)) {
      try {
        const pkg = JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8')) as { name?: string; version?: string };
        if (pkg.name === name) return pkg.version ?? 'unknown';
      } catch {
        // not this directory: keep walking up
      }
    }
  } catch {
    // not resolvable: the digest still covers our own sources
  }
  return 'unknown';
}
