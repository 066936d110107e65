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

  it('refuses an image too large to decode safely, from its header, before OCR starts', async () => {
    // A PNG header announcing 10,000 × 10,000 pixels (what a tiny file can claim): the decode would need gigabytes.
    const ihdr = Buffer.alloc(25);
    ihdr.writeUInt32BE(13, 0);
    ihdr.write('IHDR', 4, 'latin1');
    ihdr.writeUInt32BE(10_000, 8);
    ihdr.writeUInt32BE(10_000, 12);
    ihdr.writeUInt8(8, 16);
    ihdr.writeUInt8(2, 17);
    const huge = Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), ihdr]);
    await expect(parseImportFile('巨图.png', huge)).rejects.toThrow(/100 megapixels, more than OCR reads/);
  });

  it('fails a file that only claims to be an image, with a clear per-file error', async () => {
    await expect(parseImportFile('fake.png', Buffer.from('not really a png'))).rejects.toThrow('not a PNG or JPEG image');
    await expect(parseImportFile('anim.gif', Buffer.from('GIF89a'))).rejects.toThrow('only PNG and JPEG');
  });
});
