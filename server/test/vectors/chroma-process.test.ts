import { mkdtempSync, rmSync } from 'node:fs';
import { createServer, type Server } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pino from 'pino';
import { startChromaProcess } from '../../src/vectors/chroma-process';
import { VectorStore } from '../../src/vectors/vector-store';

const silent = pino({ level: 'silent' });

describe('startChromaProcess', () => {
  let dataDir: string;

  beforeEach(() => {
    dataDir = mkdtempSync(join(tmpdir(), 'kefu-chroma-proc-'));
  });

  afterEach(() => {
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('starts on a free port, answers, and stop() ends it', async () => {
    const chroma = await startChromaProcess({ dataDir: join(dataDir, 'nested', 'chroma'), port: 0, logger: silent });
    expect(chroma.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    const store = new VectorStore(chroma.url);
    expect(await store.heartbeat()).toBe(true);
    await chroma.stop();
    expect(await store.heartbeat()).toBe(false);
    await chroma.stop(); // a second stop is harmless
  }, 90_000);

  it('fails clearly, with the child output, when the port is taken', async () => {
    const blocker: Server = createServer((socket) => socket.destroy());
    await new Promise<void>((resolve) => blocker.listen(0, '127.0.0.1', resolve));
    const address = blocker.address();
    const port = typeof address === 'object' && address ? address.port : 0;
    try {
      await expect(startChromaProcess({ dataDir, port, logger: silent })).rejects.toThrow(/chroma child process .*Last output/s);
    } finally {
      await new Promise<void>((resolve) => blocker.close(() => resolve()));
    }
  }, 90_000);
});
