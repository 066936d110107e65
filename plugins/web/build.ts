import { build } from 'esbuild';
import { gzipSync } from 'node:zlib';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';

/** Bundles the widget into one small self-contained script, dist/widget.js, and prints its size. */
async function main(): Promise<void> {
  const outfile = join(__dirname, 'dist/widget.js');
  await build({
    entryPoints: [join(__dirname, 'src/widget.ts')],
    outfile,
    bundle: true,
    minify: true,
    format: 'iife',
    target: ['es2019'],
    legalComments: 'none',
  });
  const bytes = readFileSync(outfile);
  process.stdout.write(`plugins/web/dist/widget.js: ${bytes.length} bytes, ${gzipSync(bytes).length} gzipped\n`);
}

main().catch((error: unknown) => {
  process.stderr.write(`${String(error)}\n`);
  process.exit(1);
});
