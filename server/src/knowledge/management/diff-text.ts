export interface DiffPart {
  op: 'equal' | 'insert' | 'delete';
  text: string;
}

/** Past this many LCS cells (~16 MB of Uint32) the middle is shown as replaced rather than aligned. */
const MAX_CELLS = 4_000_000;

function push(parts: DiffPart[], op: DiffPart['op'], text: string, joiner: string): void {
  const last = parts[parts.length - 1];
  if (last && last.op === op) last.text += joiner + text;
  else parts.push({ op, text });
}

/**
 * A longest-common-subsequence diff of two token lists (lines or characters), merged into runs.
 * Common prefix and suffix are trimmed first: edits to a knowledge answer are usually local, so
 * the table that remains is small.
 */
function diffTokens(a: string[], b: string[], joiner: string): DiffPart[] {
  let start = 0;
  while (start < a.length && start < b.length && a[start] === b[start]) start += 1;
  let endA = a.length;
  let endB = b.length;
  while (endA > start && endB > start && a[endA - 1] === b[endB - 1]) {
    endA -= 1;
    endB -= 1;
  }
  const parts: DiffPart[] = [];
  for (const token of a.slice(0, start)) push(parts, 'equal', token, joiner);
  const midA = a.slice(start, endA);
  const midB = b.slice(start, endB);
  const n = midA.length;
  const m = midB.length;
  if (n * m > MAX_CELLS) {
    for (const token of midA) push(parts, 'delete', token, joiner);
    for (const token of midB) push(parts, 'insert', token, joiner);
  } else {
    // lcs[i][j] = LCS length of midA[i..] and midB[j..], stored row-major in one typed array.
    const width = m + 1;
    const lcs = new Uint32Array((n + 1) * width);
    for (let i = n - 1; i >= 0; i -= 1) {
      for (let j = m - 1; j >= 0; j -= 1) {
        lcs[i * width + j] = midA[i] === midB[j] ? lcs[(i + 1) * width + j + 1] + 1 : Math.max(lcs[(i + 1) * width + j], lcs[i * width + j + 1]);
      }
    }
    let i = 0;
    let j = 0;
    while (i < n && j < m) {
      if (midA[i] === midB[j]) {
        push(parts, 'equal', midA[i], joiner);
        i += 1;
        j += 1;
      } else if (lcs[(i + 1) * width + j] >= lcs[i * width + j + 1]) {
        push(parts, 'delete', midA[i], joiner);
        i += 1;
      } else {
        push(parts, 'insert', midB[j], joiner);
        j += 1;
      }
    }
    for (; i < n; i += 1) push(parts, 'delete', midA[i], joiner);
    for (; j < m; j += 1) push(parts, 'insert', midB[j], joiner);
  }
  for (const token of a.slice(endA)) push(parts, 'equal', token, joiner);
  return parts;
}

/** Line diff for answers (runs joined with "\n"), character diff for short fields like titles. */
export function diffText(before: string, after: string, unit: 'line' | 'char'): DiffPart[] {
  if (unit === 'line') return diffTokens(before.split('\n'), after.split('\n'), '\n');
  // Array.from splits by code point, so emoji and rare CJK outside the BMP stay whole.
  return diffTokens(Array.from(before), Array.from(after), '');
}
