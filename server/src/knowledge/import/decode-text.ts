import { ImportFileError } from './import-file-error';

/**
 * Bytes of a text file to a string. Excel and Notepad on Chinese Windows still save CSV and TXT as
 * GBK, so anything that is not valid UTF-8 (and has no UTF-16 BOM) is read as GB18030, GBK's superset.
 */
export function decodeText(bytes: Buffer): string {
  if (bytes.length >= 2 && bytes[0] === 0xff && bytes[1] === 0xfe) return new TextDecoder('utf-16le').decode(bytes.subarray(2));
  if (bytes.length >= 2 && bytes[0] === 0xfe && bytes[1] === 0xff) return new TextDecoder('utf-16be').decode(bytes.subarray(2));
  if (bytes.includes(0)) throw new ImportFileError('looks like a binary file, not text');
  try {
    return new TextDecoder('utf-8', { fatal: true, ignoreBOM: false }).decode(bytes);
  } catch {
    return new TextDecoder('gb18030').decode(bytes);
  }
}
