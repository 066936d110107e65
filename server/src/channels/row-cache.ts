import type { Model, Sequelize } from 'sequelize';
import type { PubSub } from './pub-sub';

const TOPIC = 'row-cache-invalidations';
/** A safety net only: writes invalidate at once; this bounds what a lost pub/sub message or a raw SQL write can cost. */
const TTL_MS = 60_000;

/**
 * One process's copy of rows that are read on every message and written rarely (tenants and their
 * settings, channel accounts), keyed by id. A write through Sequelize anywhere in the deployment
 * drops the row here (see watchRowWrites): at once in the writing process, over pub/sub elsewhere.
 */
export class RowCache<T extends Model> {
  private readonly rows = new Map<number, { row: T; expiresAt: number }>();
  /** Bumped by every invalidation, so a load that raced one does not store what it read before it. */
  private generation = 0;

  constructor(
    /** The Sequelize model name whose writes invalidate this cache. */
    readonly modelName: string,
    private readonly load: (id: number) => Promise<T | null>,
  ) {}

  async get(id: number): Promise<T | null> {
    const hit = this.rows.get(id);
    if (hit && hit.expiresAt > Date.now()) return hit.row;
    const generation = this.generation;
    const row = await this.load(id);
    if (row && generation === this.generation) this.rows.set(id, { row, expiresAt: Date.now() + TTL_MS });
    return row;
  }

  drop(id: number | '*'): void {
    this.generation += 1;
    if (id === '*') this.rows.clear();
    else this.rows.delete(id);
  }
}

/**
 * Invalidation on write, across processes: every update or destroy of a cached model (one
 * row or in bulk) drops it from this process's cache and publishes the drop, which every process
 * subscribed to the deployment's pub/sub applies to its own copy.
 */
export async function watchRowWrites(sequelize: Sequelize, pubsub: PubSub, caches: RowCache<Model>[]): Promise<void> {
  const byModel = new Map(caches.map((cache) => [cache.modelName, cache]));
  const dropEverywhere = (modelName: string, id: number | '*') => {
    const cache = byModel.get(modelName);
    if (!cache) return;
    cache.drop(id);
    // Fire and forget, as pub/sub is: the TTL bounds what a lost message costs.
    pubsub.publish(TOPIC, `${modelName}:${id}`).catch(() => undefined);
  };
  const onRow = (instance: Model) => {
    const id = Number(instance.get('id' as never));
    dropEverywhere(instance.constructor.name, Number.isFinite(id) ? id : '*');
  };
  const onBulk = (options: { model?: { name: string } }) => {
    if (options.model) dropEverywhere(options.model.name, '*');
  };
  for (const hook of ['afterUpdate', 'afterDestroy'] as const) sequelize.addHook(hook, onRow as never);
  for (const hook of ['afterBulkUpdate', 'afterBulkDestroy'] as const) sequelize.addHook(hook, onBulk as never);
  sequelize.addHook('afterUpsert', ((_result: unknown, options: { model?: { name: string } }) => onBulk(options)) as never);
  await pubsub.subscribe(TOPIC, (message) => {
    const separator = message.lastIndexOf(':');
    const id = message.slice(separator + 1);
    byModel.get(message.slice(0, separator))?.drop(id === '*' ? '*' : Number(id));
  });
}
