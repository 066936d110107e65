import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { digestSources } from '../source-digest';
import { writeFileAtomic } from '../write-file-atomic';
import { buildTrainingCorpus } from './training-corpus';
import { IntentClassifier, type IntentExample } from './intent-classifier';

export interface CachedClassifierOptions {
  /** The model cache directory (see modelCacheDir): `<KEFU_DATA_DIR>/models` unless configured. */
  modelDir: string;
  /** One file per scope: `standard` for the shared model, `tenant-<id>` for a tenant with its own intents. */
  scope: string;
  merchantExamples?: IntentExample[];
  /** Replaces the built-in training corpus (tests train small models). */
  corpus?: IntentExample[];
  /** Digest of the model and corpus code; defaults to {@link sourceDigest}. Tests pass their own. */
  codeDigest?: string;
}

export interface CachedClassifier {
  classifier: IntentClassifier;
  /** True when the weights came from disk rather than a training run. */
  fromCache: boolean;
  fingerprint: string;
}

// The built-in corpus is generated deterministically from the template files next to this one, and the
// features from the text utilities: hashing those sources (plus the libraries that shape features)
// fingerprints the corpus without generating it, which alone takes about a second.
const SOURCE_DIRS = [__dirname, join(__dirname, '..', 'text')];
const FEATURE_LIBRARIES = ['pinyin-pro', 'opencc-js', '@node-rs/jieba'];

let cachedDigest: string | null = null;

/** Hash of the classifier, corpus and text-feature sources and of the feature libraries' versions. */
export function sourceDigest(): string {
  cachedDigest ??= digestSources(SOURCE_DIRS, FEATURE_LIBRARIES);
  return cachedDigest;
}

export function classifierFingerprint(options: Omit<CachedClassifierOptions, 'modelDir' | 'scope'>): string {
  return createHash('sha256')
    .update(JSON.stringify([options.codeDigest ?? sourceDigest(), options.corpus ?? 'built-in', options.merchantExamples ?? []]))
    .digest('hex');
}

/**
 * The intent classifier, loaded from the model dir when it was trained from the same corpus, merchant
 * intents and code, trained (and saved) otherwise. Training takes seconds per boot and per test server;
 * loading takes milliseconds. Several processes may boot at once on one model dir: writes are atomic
 * (writeFileAtomic), so a reader sees a whole old file or a whole new one, and the fingerprint in the
 * file decides whether it fits.
 */
export function loadOrTrainClassifier(options: CachedClassifierOptions): CachedClassifier {
  const fingerprint = classifierFingerprint(options);
  const file = join(options.modelDir, `intent-${options.scope.replace(/[^\w-]/g, '_')}.bin`);
  const loaded = readModel(file, fingerprint);
  if (loaded) return { classifier: loaded, fromCache: true, fingerprint };
  const classifier = IntentClassifier.train([...(options.corpus ?? buildTrainingCorpus()), ...(options.merchantExamples ?? [])]);
  writeFileAtomic(file, classifier.serialize(fingerprint));
  return { classifier, fromCache: false, fingerprint };
}

function readModel(file: string, fingerprint: string): IntentClassifier | null {
  let data: Buffer;
  try {
    data = readFileSync(file);
  } catch {
    return null;
  }
  if (IntentClassifier.fingerprintOf(data) !== fingerprint) return null;
  try {
    return IntentClassifier.deserialize(data);
  } catch {
    // A damaged file is replaced by the retrained model.
    return null;
  }
}
