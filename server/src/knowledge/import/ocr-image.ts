import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { imageSize } from 'image-size';
import { ImportFileError } from './import-file-error';

/**
 * Runs @gutenye/ocr-node (PaddleOCR v4 detection + recognition models shipped in the package, on
 * onnxruntime-node's CPU backend) in a child process. A child because the package is ESM-only and
 * the server is CommonJS, and because recognition is CPU-bound for seconds: the HTTP process and the
 * pipeline keep their event loop, and a crash in the native runtime fails one file, not the worker.
 */
const SCRIPT = `
import Ocr from '@gutenye/ocr-node';
const ocr = await Ocr.create();
const lines = await ocr.detect(process.argv[1]);
process.stdout.write(JSON.stringify(lines.map((line) => line.text)));
`;

/** Model loading alone takes seconds on a busy machine; a page of text well under a minute. */
const OCR_TIMEOUT_MS = 120_000;
/**
 * A 5 MB file can still be a 100-megapixel image that the OCR decodes to gigabytes: the picture's
 * own header is read first, and the child's JavaScript heap is capped too.
 */
export const MAX_OCR_PIXELS = 25_000_000;
const OCR_HEAP_MB = 1024;

export const PNG_MAGIC = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
export const JPEG_MAGIC = Buffer.from([0xff, 0xd8, 0xff]);

export function isSupportedImage(bytes: Buffer): boolean {
  return bytes.subarray(0, PNG_MAGIC.length).equals(PNG_MAGIC) || bytes.subarray(0, JPEG_MAGIC.length).equals(JPEG_MAGIC);
}

function pixelCount(bytes: Buffer): number {
  try {
    const { width, height } = imageSize(bytes);
    if (!width || !height) throw new Error('no dimensions in the header');
    return width * height;
  } catch (error) {
    throw new ImportFileError(`the image header cannot be read (${(error as Error).message})`);
  }
}

/** The text lines of a PNG or JPEG image, top to bottom; an ImportFileError when OCR cannot run. */
export async function ocrImage(bytes: Buffer, extension: string): Promise<string[]> {
  if (!isSupportedImage(bytes)) throw new ImportFileError('not a PNG or JPEG image (the file header does not match), so OCR cannot read it');
  const pixels = pixelCount(bytes);
  if (pixels > MAX_OCR_PIXELS) throw new ImportFileError(`the image has ${Math.round(pixels / 1e6)} megapixels, more than OCR reads (${MAX_OCR_PIXELS / 1e6}); scale it down or import its text as .txt`);
  const dir = mkdtempSync(join(tmpdir(), 'kefu-ocr-'));
  const path = join(dir, `image${extension}`);
  try {
    writeFileSync(path, bytes);
    const stdout = await new Promise<string>((resolve, reject) => {
      execFile(
        process.execPath,
        [`--max-old-space-size=${OCR_HEAP_MB}`, '--input-type=module', '-e', SCRIPT, path],
        // The package resolves from the server's own node_modules.
        { cwd: __dirname, timeout: OCR_TIMEOUT_MS, maxBuffer: 16 * 1024 * 1024 },
        (error, out, err) => (error ? reject(new Error(String(err).trim().split('\n').slice(-1)[0] || error.message)) : resolve(out)),
      );
    });
    const lines = JSON.parse(stdout) as unknown;
    if (!Array.isArray(lines)) throw new Error('unexpected OCR output');
    return lines.map(String).filter((line) => line.trim());
  } catch (error) {
    throw new ImportFileError(`OCR of the image failed (${(error as Error).message}); import its text as .txt instead`);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
