import { parseImportFile } from '../../../src/knowledge/import/parse-import-file';
import { subtitlesToText } from '../../../src/knowledge/import/parse-subtitles';
import { splitDocument } from '../../../src/knowledge/import/split-document';
import { diffText } from '../../../src/knowledge/management/diff-text';
import { buildDocx, buildPdf, buildXlsx } from './build-fixtures';

describe('parseImportFile on real files', () => {
  it('splits a .docx by Word headings', async () => {
    const docx = await buildDocx([{ text: '发货说明', heading: true }, { text: '48小时内发货。' }, { text: '退货说明', heading: true }, { text: '7天无理由。' }]);
    expect(await parseImportFile('guide.docx', docx)).toEqual([
      { title: '发货说明', answer: '48小时内发货。' },
      { title: '退货说明', answer: '7天无理由。' },
    ]);
  });

  it('reads Q/A pairs from a PDF', async () => {
    const entries = await parseImportFile('faq.pdf', buildPdf(['Q: Do you ship abroad?', 'A: Only within mainland China.']));
    expect(entries).toEqual([{ title: 'Do you ship abroad?', answer: 'Only within mainland China.' }]);
  });

  it('reads Q&A and product-fact sheets from one workbook, skipping a notes sheet', async () => {
    const xlsx = await buildXlsx({
      说明: [['这是导入模板']],
      问答: [['标准问', '答案', '关键词'], ['几点有客服？', '9:00-24:00在线。', '客服，时间']],
      参数: [['商品名称', '属性', '值'], ['AJ1', '鞋码', '36-46']],
    });
    expect(await parseImportFile('kb.xlsx', xlsx)).toEqual([
      expect.objectContaining({ title: '几点有客服？', answer: '9:00-24:00在线。', keywords: ['客服', '时间'] }),
      expect.objectContaining({ title: 'AJ1 鞋码', answer: '36-46', category: '商品' }),
    ]);
  });

  it('reads GBK-encoded CSV (as Excel saves it on Chinese Windows) with quoted newlines', async () => {
    // "问题,答案\n发票,"电子发票\n下单填抬头"" in GB18030.
    const gbk = Buffer.from('cecacce22cb4f0b0b80ab7a2c6b12c22b5e7d7d3b7a2c6b10acfc2b5a5cceecca7cdb722', 'hex');
    expect(await parseImportFile('faq.csv', gbk)).toEqual([expect.objectContaining({ title: '发票', answer: '电子发票\n下单填抬头' })]);
  });

  it('gives clear per-file errors', async () => {
    await expect(parseImportFile('x.xlsx', Buffer.from('nope'))).rejects.toThrow('not an .xlsx');
    await expect(parseImportFile('x.pdf', Buffer.from('%PDF-1.4 garbage'))).rejects.toThrow('could not read the PDF');
    await expect(parseImportFile('x.csv', Buffer.from('a,b\n1,2\n'))).rejects.toThrow('needs 问题 and 答案');
    await expect(parseImportFile('x.doc', Buffer.from('x'))).rejects.toThrow('save it as .docx');
    await expect(parseImportFile('x.md', Buffer.alloc(0))).rejects.toThrow('empty');
  });
});

describe('text helpers', () => {
  it('merges subtitle cues, drops rolling-caption repeats and breaks paragraphs at pauses', () => {
    const vtt = 'WEBVTT\n\n00:00.000 --> 00:01.000\n<v 主播>今天上新\n\n00:01.000 --> 00:02.000\n今天上新AJ1\n\n00:05.000 --> 00:06.000\nHello\n\n00:06.000 --> 00:07.000\nworld';
    expect(subtitlesToText(vtt)).toBe('今天上新AJ1\n\nHello world');
  });

  it('recognises Chinese Q&A markers with numbering', () => {
    expect(splitDocument('1. 问：能开发票吗？\n答：可以。\n2、问题：多久到？\n答案：3天。', 'x')).toEqual([
      { title: '能开发票吗？', answer: '可以。' },
      { title: '多久到？', answer: '3天。' },
    ]);
  });

  it('diffs by line and by character', () => {
    expect(diffText('a\nb\nc', 'a\nx\nc', 'line')).toEqual([
      { op: 'equal', text: 'a' },
      { op: 'delete', text: 'b' },
      { op: 'insert', text: 'x' },
      { op: 'equal', text: 'c' },
    ]);
    expect(diffText('48小时发货', '72小时发货', 'char')).toEqual([
      { op: 'delete', text: '48' },
      { op: 'insert', text: '72' },
      { op: 'equal', text: '小时发货' },
    ]);
  });
});
