import JSZip from 'jszip';
import { parseImportFile } from '../../../src/knowledge/import/parse-import-file';
import { checkZipBounds } from '../../../src/knowledge/import/check-zip-bounds';
import { ImportFileError } from '../../../src/knowledge/import/import-file-error';

/** Archives that unpack far beyond their size are refused before mammoth or exceljs inflate them. */
describe('zip bounds of .docx and .xlsx imports', () => {
  async function archive(files: Record<string, string | Buffer>): Promise<Buffer> {
    const zip = new JSZip();
    for (const [name, content] of Object.entries(files)) zip.file(name, content);
    return zip.generateAsync({ type: 'nodebuffer', compression: 'DEFLATE', compressionOptions: { level: 9 } });
  }

  it('refuses a .docx whose parts unpack past the cap, with a reason the merchant can act on', async () => {
    const bomb = await archive({ '[Content_Types].xml': '<Types/>', 'word/document.xml': Buffer.alloc(60 * 1024 * 1024, 0x20) });
    expect(bomb.length).toBeLessThan(1024 * 1024);
    await expect(parseImportFile('炸弹.docx', bomb)).rejects.toThrow(/unpacks to more than 50 MB/);
  });

  it('refuses an .xlsx with too many parts', async () => {
    const files: Record<string, string> = {};
    for (let i = 0; i < 30; i += 1) files[`xl/part${i}.xml`] = '<x/>';
    await expect(checkZipBounds(await archive(files), { maxEntries: 20, maxInflatedBytes: 1024 * 1024 })).rejects.toThrow(/more than 20 files/);
  });

  it('passes an ordinary archive and names a damaged one', async () => {
    await expect(checkZipBounds(await archive({ 'a.xml': '<a/>', 'b.xml': 'x'.repeat(1000) }))).resolves.toBeUndefined();
    const damaged = Buffer.concat([Buffer.from('PK\u0003\u0004'), Buffer.alloc(100, 1)]);
    await expect(checkZipBounds(damaged)).rejects.toBeInstanceOf(ImportFileError);
  });
});
