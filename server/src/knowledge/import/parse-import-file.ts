import { extname } from 'node:path';
import mammoth from 'mammoth';
import type { DraftEntry } from './draft-entry';
import { decodeText } from './decode-text';
import { extractPdfText } from './extract-pdf-text';
import { htmlToText } from './html-to-text';
import { ImportFileError } from './import-file-error';
import { IMPORT_LIMITS } from './import-limits';
import { ocrImage } from './ocr-image';
import { parseCsv } from './parse-csv';
import { subtitlesToText } from './parse-subtitles';
import { readXlsx } from './read-xlsx';
import { checkZipBounds } from './check-zip-bounds';
import { rowsToEntries } from './rows-to-entries';
import { splitDocument } from './split-document';

export type ImportFormat = 'markdown' | 'html' | 'text' | 'docx' | 'pdf' | 'xlsx' | 'csv' | 'subtitles' | 'image';

const BY_EXTENSION: Record<string, ImportFormat> = {
  '.md': 'markdown',
  '.markdown': 'markdown',
  '.html': 'html',
  '.htm': 'html',
  '.txt': 'text',
  '.docx': 'docx',
  '.pdf': 'pdf',
  '.xlsx': 'xlsx',
  '.csv': 'csv',
  '.srt': 'subtitles',
  '.vtt': 'subtitles',
  '.png': 'image',
  '.jpg': 'image',
  '.jpeg': 'image',
};

/** Formats people will try, with what to do instead. */
const UNSUPPORTED: Record<string, string> = {
  '.doc': 'legacy .doc is not supported; save it as .docx',
  '.xls': 'legacy .xls is not supported; save it as .xlsx',
  '.ppt': 'PowerPoint is not supported; export it as PDF',
  '.pptx': 'PowerPoint is not supported; export it as PDF',
  '.gif': 'only PNG and JPEG images are read (OCR); convert it to .png',
  '.webp': 'only PNG and JPEG images are read (OCR); convert it to .png',
  '.mp4': 'video files are not imported; upload the subtitle track (.srt or .vtt)',
  '.mov': 'video files are not imported; upload the subtitle track (.srt or .vtt)',
};

export function detectFormat(name: string): ImportFormat {
  const extension = extname(name).toLowerCase();
  const format = BY_EXTENSION[extension];
  if (format) return format;
  throw new ImportFileError(UNSUPPORTED[extension] ?? `unsupported file type "${extension || '(no extension)'}"; use .md, .html, .txt, .docx, .pdf, .xlsx, .csv, .srt, .vtt, .png or .jpg`);
}

const isZip = (bytes: Buffer) => bytes.length > 4 && bytes.readUInt32LE(0) === 0x04034b50;

function limitText(text: string): string {
  if (text.length > IMPORT_LIMITS.maxTextChars) throw new ImportFileError(`extracted text is longer than ${IMPORT_LIMITS.maxTextChars} characters; split the file`);
  return text;
}

async function docxText(bytes: Buffer): Promise<string> {
  if (!isZip(bytes)) throw new ImportFileError('not a .docx file (a .docx is a zip archive)');
  await checkZipBounds(bytes);
  try {
    // HTML rather than raw text: mammoth maps Word's heading styles to <h1>..<h6>, which the splitter uses.
    const result = await mammoth.convertToHtml({ buffer: bytes });
    return htmlToText(result.value);
  } catch (error) {
    throw new ImportFileError(`could not read the .docx (${(error as Error).message})`);
  }
}

function pdfText(bytes: Buffer): Promise<string> {
  if (bytes.subarray(0, 5).toString('latin1') !== '%PDF-') throw new ImportFileError('not a PDF file (missing %PDF- header)');
  return extractPdfText(bytes);
}

function baseName(name: string): string {
  return name.replace(/^.*[\\/]/, '').replace(/\.[^.]+$/, '') || name;
}

/**
 * One uploaded file to draft entries, by its extension (checked against its magic bytes for the
 * binary formats). Every failure is an ImportFileError whose message tells the uploader what to fix.
 */
export async function parseImportFile(name: string, bytes: Buffer): Promise<DraftEntry[]> {
  const format = detectFormat(name);
  if (bytes.length === 0) throw new ImportFileError('the file is empty');
  if (bytes.length > IMPORT_LIMITS.maxFileBytes) throw new ImportFileError(`the file is larger than ${IMPORT_LIMITS.maxFileBytes} bytes`);
  const title = baseName(name);
  let entries: DraftEntry[];
  switch (format) {
    case 'markdown':
    case 'text':
      entries = splitDocument(limitText(decodeText(bytes)), title);
      break;
    case 'html':
      entries = splitDocument(limitText(htmlToText(decodeText(bytes))), title);
      break;
    case 'docx':
      entries = splitDocument(limitText(await docxText(bytes)), title);
      break;
    case 'pdf':
      entries = splitDocument(limitText(await pdfText(bytes)), title);
      break;
    case 'subtitles':
      entries = splitDocument(limitText(subtitlesToText(decodeText(bytes))), title);
      break;
    case 'image':
      // One OCR line per text line; the splitter then treats the image like a short document.
      entries = splitDocument(limitText((await ocrImage(bytes, extname(name).toLowerCase())).join('\n')), title);
      break;
    case 'csv':
      entries = rowsToEntries(parseCsv(decodeText(bytes), IMPORT_LIMITS.maxSheetRows), name);
      break;
    case 'xlsx': {
      if (!isZip(bytes)) throw new ImportFileError('not an .xlsx file (an .xlsx is a zip archive)');
      await checkZipBounds(bytes);
      const sheets = await readXlsx(bytes, IMPORT_LIMITS.maxSheetRows);
      const problems: string[] = [];
      entries = [];
      // Sheets that are not Q&A or product tables (notes, pivots) are skipped if another sheet works.
      for (const sheet of sheets) {
        try {
          entries.push(...rowsToEntries(sheet.rows, `sheet "${sheet.name}"`));
        } catch (error) {
          if (!(error instanceof ImportFileError)) throw error;
          problems.push(error.message);
        }
      }
      if (entries.length === 0 && problems.length > 0) throw new ImportFileError(problems.join('; '));
      break;
    }
  }
  if (entries.length === 0) throw new ImportFileError('no text found to import');
  if (entries.length > IMPORT_LIMITS.maxEntriesPerFile) throw new ImportFileError(`the file yields ${entries.length} entries; the limit is ${IMPORT_LIMITS.maxEntriesPerFile} per file`);
  return entries;
}
