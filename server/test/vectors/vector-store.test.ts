import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pino from 'pino';
import { startChromaProcess, type ChromaProcess } from '../../src/vectors/chroma-process';
import { tenantCollectionName } from '../../src/vectors/tenant-collection-name';
import { VectorStore, type VectorItem } from '../../src/vectors/vector-store';

const DIM = 32;
const COUNT = 200;

/** Seeded PRNG (mulberry32) so a failure can be reproduced with the same vectors. */
function random(seed: number): () => number {
  let a = seed;
  return () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

describe('VectorStore on a real Chroma child', () => {
  const rand = random(42);
  const items: VectorItem[] = Array.from({ length: COUNT }, (_, i) => ({
    id: `v${i}`,
    embedding: Array.from({ length: DIM }, () => rand() * 2 - 1),
    document: `document ${i}`,
    metadata: { tenantId: i % 2 === 0 ? 'a' : 'b', kind: i % 3 === 0 ? 'faq' : 'product', rank: i },
  }));
  const collection = tenantCollectionName('acme', 'kb');
  let dataDir: string;
  let chroma: ChromaProcess;
  let store: VectorStore;

  beforeAll(async () => {
    dataDir = mkdtempSync(join(tmpdir(), 'kefu-chroma-'));
    chroma = await startChromaProcess({ dataDir, port: 0, logger: pino({ level: 'silent' }) });
    store = new VectorStore(chroma.url);
    await store.upsert(collection, items);
  }, 90_000);

  afterAll(async () => {
    await chroma?.stop();
    rmSync(dataDir, { recursive: true, force: true });
  }, 30_000);

  it('answers the heartbeat', async () => {
    expect(await store.heartbeat()).toBe(true);
  });

  it('returns the nearest vector first, with document and metadata', async () => {
    const target = items[17];
    const noisy = target.embedding.map((x) => x + (rand() - 0.5) * 0.01);
    const matches = await store.query(collection, noisy, 5);
    expect(matches).toHaveLength(5);
    expect(matches[0]).toMatchObject({ id: 'v17', document: 'document 17', metadata: { tenantId: 'b', kind: 'product', rank: 17 } });
    expect(matches[0].distance).toBeLessThan(0.01);
    const distances = matches.map((m) => m.distance);
    expect([...distances].sort((x, y) => x - y)).toEqual(distances);
  }, 30_000);

  it('measures cosine distance, so a scaled vector is still a perfect match', async () => {
    const scaled = items[40].embedding.map((x) => x * 7);
    const [best] = await store.query(collection, scaled, 1);
    expect(best.id).toBe('v40');
    expect(best.distance).toBeLessThan(1e-4);
  }, 30_000);

  it('filters by metadata, including several keys at once', async () => {
    const probe = items[20].embedding; // tenant 'a'
    const onlyB = await store.query(collection, probe, 10, { tenantId: 'b' });
    expect(onlyB).toHaveLength(10);
    expect(onlyB.every((m) => m.metadata?.tenantId === 'b')).toBe(true);
    const bFaq = await store.query(collection, probe, 10, { tenantId: 'b', kind: 'faq' });
    expect(bFaq.length).toBeGreaterThan(0);
    expect(bFaq.every((m) => m.metadata?.tenantId === 'b' && m.metadata?.kind === 'faq')).toBe(true);
    const ranked = await store.query(collection, probe, 200, { rank: { $lt: 10 } });
    expect(ranked.map((m) => m.id).sort()).toEqual(['v0', 'v1', 'v2', 'v3', 'v4', 'v5', 'v6', 'v7', 'v8', 'v9'].sort());
  }, 30_000);

  it('upserts in place and mixes items with and without documents or metadata', async () => {
    const embedding = Array.from({ length: DIM }, (_, i) => (i === 0 ? 1 : 0));
    await store.upsert(collection, [
      { id: 'extra-1', embedding, document: 'first' },
      { id: 'extra-2', embedding: embedding.map((x, i) => (i === 1 ? 0.001 : x)) },
    ]);
    await store.upsert(collection, [{ id: 'extra-1', embedding, document: 'second', metadata: { tenantId: 'c' } }]);
    const matches = await store.query(collection, embedding, 2);
    expect(matches.map((m) => m.id).sort()).toEqual(['extra-1', 'extra-2']);
    expect(matches.find((m) => m.id === 'extra-1')).toMatchObject({ document: 'second', metadata: { tenantId: 'c' } });
    expect(matches.find((m) => m.id === 'extra-2')?.document).toBeUndefined();
    await store.delete(collection, ['extra-1', 'extra-2']);
  }, 30_000);

  it('deletes ids', async () => {
    await store.delete(collection, ['v17', 'does-not-exist']);
    const matches = await store.query(collection, items[17].embedding, 5);
    expect(matches.map((m) => m.id)).not.toContain('v17');
  }, 30_000);

  it('keeps collections apart and answers an empty one with nothing', async () => {
    const other = tenantCollectionName('other', 'kb');
    expect(await store.query(other, items[0].embedding, 5)).toEqual([]);
  }, 30_000);
});
