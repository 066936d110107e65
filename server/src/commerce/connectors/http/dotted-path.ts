/**
 * Reads `a.b.0.c` out of parsed JSON: the whole mapping language of the generic HTTP provider, so a
 * merchant can point each field of ours at a field of theirs without code. Missing → undefined.
 */
export function readDottedPath(value: unknown, path: string): unknown {
  if (path === '' || path === '.') return value;
  let current: unknown = value;
  for (const part of path.split('.')) {
    if (current === null || current === undefined || typeof current !== 'object') return undefined;
    current = Array.isArray(current) ? current[Number(part)] : (current as Record<string, unknown>)[part];
  }
  return current;
}
