import { readFileSync } from 'node:fs';

export interface ReviewRow {
  /** 0-based index among data rows (header excluded): it defines the fixed test split. */
  index: number;
  cat: string;
  label: 0 | 1;
  text: string;
}

/** Minimal RFC 4180 reader: the reviews contain quoted commas, doubled quotes and line breaks. */
function parseCsv(content: string): string[][] {
  const rows: string[][] = [];
  let field = '';
  let row: string[] = [];
  let quoted = false;
  for (let i = 0; i < content.length; i += 1) {
    const ch = content[i];
    if (quoted) {
      if (ch === '"' && content[i + 1] === '"') {
        field += '"';
        i += 1;
      } else if (ch === '"') quoted = false;
      else field += ch;
    } else if (ch === '"' && field === '') quoted = true;
    else if (ch === ',') {
      row.push(field);
      field = '';
    } else if (ch === '\n' || ch === '\r') {
      if (ch === '\r' && content[i + 1] === '\n') i += 1;
      row.push(field);
      rows.push(row);
      row = [];
      field = '';
    } else field += ch;
  }
  if (field !== '' || row.length > 0) {
    row.push(field);
    rows.push(row);
  }
  return rows;
}

/** The test split of online_shopping_10_cats.csv: data rows whose 0-based index is a multiple of 10. */
export function isTestRow(index: number): boolean {
  return index % 10 === 0;
}

/** Reads the review CSV (cat,label,review) into rows; empty reviews are dropped but keep their index. */
export function loadReviewRows(path: string): ReviewRow[] {
  const [, ...data] = parseCsv(readFileSync(path, 'utf8'));
  const out: ReviewRow[] = [];
  data.forEach((cells, index) => {
    const [cat, label, review] = cells;
    const text = (review ?? '').replace(/\uFEFF/g, '').trim();
    if (!text || (label !== '0' && label !== '1')) return;
    out.push({ index, cat: cat ?? '', label: label === '1' ? 1 : 0, text });
  });
  return out;
}
