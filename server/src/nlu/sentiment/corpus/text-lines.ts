/** A block of handwritten text, one sentence per line, as trimmed non-empty lines. */
export function textLines(block: string): string[] {
  return block
    .split('\n')
    .map((line) => line.trim())
    .filter(Boolean);
}
