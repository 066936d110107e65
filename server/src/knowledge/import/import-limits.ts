/**
 * Bounds of one import. The request body limit (BODY_LIMIT_BYTES) caps a whole batch first; these
 * keep one hostile or accidental file (a zip bomb .docx, a 100k-row sheet) from tying up a worker.
 */
export const IMPORT_LIMITS = {
  maxFiles: 50,
  /** Decoded bytes per file; base64 in the request is a third larger. */
  maxFileBytes: 5 * 1024 * 1024,
  /** Characters of extracted text per file, after conversion. */
  maxTextChars: 2_000_000,
  maxEntriesPerFile: 1000,
  maxSheetRows: 10_000,
  /** What a .docx/.xlsx may unpack to, and how many files it may hold: zip bombs stop here. */
  maxInflatedBytes: 50 * 1024 * 1024,
  maxZipEntries: 2000,
  /** Answers longer than this are split into numbered parts (TEXT is 64 KiB on MySQL). */
  maxAnswerChars: 20_000,
  maxTitleChars: 300,
} as const;
