import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseImportFile } from '../../../src/knowledge/import/parse-import-file';

jest.setTimeout(180_000);

/**
 * OCR import on a real image: fixtures/return-shipping-zh.png was rendered once with ImageMagick
 * and Noto Serif CJK SC (two lines: 退货运费谁承担？ / 每笔订单都赠送运费险。) and is committed, so
 * the test needs no fonts or ImageMagick. The PaddleOCR models ship inside @gutenye/ocr-node.
 */
describe('image import through OCR', () => {
  it('extracts the Chinese text of a PNG into a draft entry', async () => {
    const png = readFileSync(join(__dirname, 'fixtures', 'return-shipping-zh.png'));
    const entries = await parseImportFile('退货运费.png', png);
    const text = entries.map((e) => `${e.title}\n${e.answer}`).join('\n');
    expect(text).toContain('退货运费谁承担');
    expect(text).toContain('每笔订单都赠送运费险');
  });

  it('fails a file that only claims to be an image, with a clear per-file error', async () => {
    await expect(parseImportFile('fake.png', Buffer.from('not really a png'))).rejects.toThrow('not a PNG or JPEG image');
    await expect(parseImportFile('anim.gif', Buffer.from('GIF89a'))).rejects.toThrow('only PNG and JPEG');
  });
});
