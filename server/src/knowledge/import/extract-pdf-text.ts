import { pathToFileURL } from 'node:url';
import { Worker } from 'node:worker_threads';
import { ImportFileError } from './import-file-error';

/** A PDF that takes longer than this to read is treated as hostile or broken. */
const PDF_TIMEOUT_MS = 30_000;

// Runs in the worker: a plain Node context, where unpdf's dynamic import of PDF.js works (it does
// not under jest's module sandbox) and where a pathological PDF can be killed without hurting the
// event loop that serves requests.
const WORKER_SOURCE = `
const { parentPort, workerData } = require('node:worker_threads');
import(workerData.unpdfUrl)
  .then((unpdf) => (unpdf.extractText ?? unpdf.default.extractText)(new Uint8Array(workerData.bytes), { mergePages: true }))
  .then((result) => parentPort.postMessage({ text: result.text }), (error) => parentPort.postMessage({ error: String((error && error.message) || error) }));
`;

/** The text of every page of a PDF, pages joined by newlines, extracted by unpdf in a worker thread. */
export function extractPdfText(bytes: Buffer): Promise<string> {
  const unpdfUrl = pathToFileURL(require.resolve('unpdf')).href;
  return new Promise((resolve, reject) => {
    const worker = new Worker(WORKER_SOURCE, {
      eval: true,
      workerData: { unpdfUrl, bytes: new Uint8Array(bytes) },
      resourceLimits: { maxOldGenerationSizeMb: 256 },
    });
    let settled = false;
    const finish = (outcome: () => void) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      outcome();
      void worker.terminate();
    };
    const timer = setTimeout(() => finish(() => reject(new ImportFileError(`reading the PDF took longer than ${PDF_TIMEOUT_MS / 1000} s`))), PDF_TIMEOUT_MS);
    worker.once('message', (message: { text?: string; error?: string }) =>
      finish(() => (message.error !== undefined ? reject(new ImportFileError(`could not read the PDF (${message.error})`)) : resolve(message.text ?? ''))),
    );
    worker.once('error', (error) => finish(() => reject(new ImportFileError(`could not read the PDF (${error.message})`))));
    worker.once('exit', (code) => finish(() => reject(new ImportFileError(`could not read the PDF (reader exited with code ${code})`))));
  });
}
