import { allTargets, buildTarget, isBuilt, type FrontEndTarget } from './front-end-builds';

/**
 * `npm run build:front [-- --missing] [targets…]`: builds the shopper front-ends one after the other
 * (two at once only fight over the same cores), checks each output, and prints how long each took.
 * `--missing` builds only what is not there yet: `npm start` uses it for the h5 chat and the widget.
 */
async function main(): Promise<void> {
  const args = process.argv.slice(2);
  const onlyMissing = args.includes('--missing');
  const named = args.filter((a) => !a.startsWith('--')) as FrontEndTarget[];
  const unknown = named.filter((t) => !allTargets.includes(t));
  if (unknown.length > 0) throw new Error(`unknown target(s) ${unknown.join(', ')}; known: ${allTargets.join(', ')}`);
  const wanted = named.length > 0 ? named : allTargets;
  for (const target of wanted) {
    if (onlyMissing && isBuilt(target)) continue;
    process.stdout.write(`building ${target}…\n`);
    const { seconds, summary } = await buildTarget(target);
    process.stdout.write(`  ${target}: ${seconds.toFixed(0)} s — ${summary}\n`);
  }
}

main().catch((error: unknown) => {
  process.stderr.write(`${error instanceof Error ? error.message : String(error)}\n`);
  process.exit(1);
});
