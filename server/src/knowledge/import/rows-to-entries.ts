import type { DraftEntry } from './draft-entry';
import { ImportFileError } from './import-file-error';
import { IMPORT_LIMITS } from './import-limits';

/** Header spellings merchants actually use, normalised (lower case, no spaces or punctuation). */
const COLUMNS = {
  question: ['question', 'q', '问题', '标准问', '标准问题', '问', '问法', '标题', 'title'],
  answer: ['answer', 'a', '答案', '回答', '答', '回复', '标准答案', '答复', '内容', 'content'],
  similar: ['similar', 'similarquestions', 'similarquestion', '相似问', '相似问题', '相似问法', '扩展问', '相似说法'],
  tags: ['tags', 'tag', '标签'],
  keywords: ['keywords', 'keyword', '关键词', '关键字'],
  category: ['category', '分类', '类目', '类别'],
  product: ['商品', '产品', '商品名称', '产品名称', '商品名', '品名', 'product', 'productname', 'name', '名称'],
  attribute: ['属性', '参数', '项目', '参数名', 'attribute', 'fact', 'field'],
  value: ['值', '属性值', '参数值', '说明', 'value', 'detail'],
} as const;
type Column = keyof typeof COLUMNS;

function normalise(header: string): string {
  return header.normalize('NFKC').toLowerCase().replace(/[\s\p{P}\p{S}]+/gu, '');
}

function locate(headers: string[]): Partial<Record<Column, number>> {
  const found: Partial<Record<Column, number>> = {};
  const normalised = headers.map(normalise);
  for (const column of Object.keys(COLUMNS) as Column[]) {
    const names: readonly string[] = COLUMNS[column];
    const index = normalised.findIndex((h, i) => names.includes(h) && !Object.values(found).includes(i));
    if (index >= 0) found[column] = index;
  }
  return found;
}

const list = (cell: string | undefined, separators: RegExp) =>
  (cell ?? '')
    .split(separators)
    .map((s) => s.trim())
    .filter(Boolean);

/**
 * Spreadsheet rows (first non-empty row = headers) to entries. A sheet with question and answer
 * columns is a Q&A list, one entry per row; a sheet with a product column holds product facts,
 * either long form (商品 | 属性 | 值: one fact per row) or wide form (商品 | 材质 | 尺码 ...: one
 * entry per product listing every column).
 */
export function rowsToEntries(rows: string[][], sheetLabel: string): DraftEntry[] {
  const start = rows.findIndex((r) => r.some((c) => c.trim()));
  if (start < 0) return [];
  const headers = (rows[start] ?? []).map((h) => h.trim());
  const body = rows.slice(start + 1, start + 1 + IMPORT_LIMITS.maxSheetRows).filter((r) => r.some((c) => c.trim()));
  const at = locate(headers);
  const cell = (row: string[], column: Column) => {
    const index = at[column];
    return index === undefined ? '' : (row[index] ?? '').trim();
  };

  if (at.question !== undefined && at.answer !== undefined) {
    return body
      .filter((row) => cell(row, 'question') && cell(row, 'answer'))
      .map((row) => ({
        title: cell(row, 'question'),
        answer: cell(row, 'answer'),
        similarQuestions: list(cell(row, 'similar'), /[\n;；|｜]+/),
        tags: list(cell(row, 'tags'), /[,，;；、|｜\s]+/),
        keywords: list(cell(row, 'keywords'), /[,，;；、|｜\s]+/),
        category: cell(row, 'category') || null,
      }));
  }
  if (at.product !== undefined) {
    if (at.attribute !== undefined && at.value !== undefined) {
      return body
        .filter((row) => cell(row, 'product') && cell(row, 'attribute') && cell(row, 'value'))
        .map((row) => ({ title: `${cell(row, 'product')} ${cell(row, 'attribute')}`, answer: cell(row, 'value'), tags: ['商品'], category: '商品' }));
    }
    return body
      .filter((row) => cell(row, 'product'))
      .map((row) => {
        const facts = headers
          .map((header, i) => ({ header, value: (row[i] ?? '').trim() }))
          .filter((f, i) => i !== at.product && f.header && f.value)
          .map((f) => `${f.header}：${f.value}`);
        return { title: `${cell(row, 'product')} 商品信息`, answer: facts.join('\n'), tags: ['商品'], category: '商品' };
      })
      .filter((entry) => entry.answer);
  }
  throw new ImportFileError(
    `${sheetLabel}: needs 问题 and 答案 columns (or question/answer), or a 商品/product column; found headers: ${headers.filter(Boolean).join(', ') || '(none)'}`,
  );
}
