import { InProcessQueue } from '../../src/jobs/in-process-queue';
import { captureLogger, eventually } from './capture-logger';
import { jobQueueContract } from './job-queue-contract';

// The server jest project's testTimeout is not applied (jest warns it is unknown there), so set it here.
jest.setTimeout(30_000);

describe('InProcessQueue', () => {
  jobQueueContract((name, behaviour, logger) => new InProcessQueue(name, behaviour, logger));

  it('refuses new jobs once closed and is then not ready', async () => {
    const queue = new InProcessQueue<{ n: number }>('closing', { attempts: 1, backoffMs: 20 }, captureLogger().logger);
    await queue.close();
    expect(await queue.isReady()).toBe(false);
    await expect(queue.add({ n: 1 }, { jobId: 'late' })).rejects.toThrow(/closed/);
  });

  it('keeps jobs added before process() until a handler arrives', async () => {
    const queue = new InProcessQueue<{ n: number }>('late-handler', { attempts: 1, backoffMs: 20 }, captureLogger().logger);
    await queue.add({ n: 1 }, { jobId: 'a' });
    expect((await queue.counts()).waiting).toBe(1);
    const seen: number[] = [];
    queue.process(async (data) => void seen.push(data.n));
    await eventually(() => expect(seen).toEqual([1]));
    expect(() => queue.process(async () => undefined)).toThrow(/already/);
    await queue.close();
  });
});
