import { fromBuffer, type Entry, type ZipFile } from 'yauzl';
import { ImportFileError } from './import-file-error';
import { IMPORT_LIMITS } from './import-limits';

/**
 * Inflates every entry of a .docx/.xlsx once, counting bytes and discarding them, before a parser
 * that trusts the archive (mammoth, exceljs) touches it: a zip bomb stops here at the cap instead of
 * filling the worker's memory. The declared sizes are not trusted either — yauzl fails an entry that
 * inflates past what it declared, and the running total is checked as bytes arrive.
 */
export async function checkZipBounds(bytes: Buffer, limits: { maxEntries: number; maxInflatedBytes: number } = { maxEntries: IMPORT_LIMITS.maxZipEntries, maxInflatedBytes: IMPORT_LIMITS.maxInflatedBytes }): Promise<void> {
  let zip: ZipFile | undefined;
  let entries = 0;
  let inflated = 0;
  try {
    const archive = await new Promise<ZipFile>((resolve, reject) => fromBuffer(bytes, { lazyEntries: true, validateEntrySizes: true }, (error, file) => (error ? reject(error) : resolve(file))));
    zip = archive;
    await new Promise<void>((resolve, reject) => {
      archive.on('error', reject);
      archive.on('end', () => resolve());
      archive.on('entry', (entry: Entry) => {
        entries += 1;
        if (entries > limits.maxEntries) return reject(new ImportFileError(`the archive holds more than ${limits.maxEntries} files`));
        if (inflated + entry.uncompressedSize > limits.maxInflatedBytes) return reject(tooLarge(limits.maxInflatedBytes));
        if (entry.fileName.endsWith('/')) return archive.readEntry();
        archive.openReadStream(entry, (error, stream) => {
          if (error) return reject(error);
          stream.on('data', (chunk: Buffer) => {
            inflated += chunk.length;
            if (inflated > limits.maxInflatedBytes) {
              stream.destroy();
              reject(tooLarge(limits.maxInflatedBytes));
            }
          });
          stream.on('error', reject);
          stream.on('end', () => archive.readEntry());
        });
      });
      archive.readEntry();
    });
  } catch (error) {
    if (error instanceof ImportFileError) throw error;
    throw new ImportFileError(`the archive is damaged (${(error as Error).message})`);
  } finally {
    zip?.close();
  }
}

function tooLarge(max: number): ImportFileError {
  return new ImportFileError(`the archive unpacks to more than ${Math.round(max / 1024 / 1024)} MB; split the file`);
}
