import { fn, col } from 'sequelize';
import { listCatalog } from '../commerce/catalog-service';
import { Product } from '../commerce/models';
import type { Logger } from '../logger';
import { NluEngine } from './engine/nlu-engine';
import { loadOrTrainClassifier } from './intent/classifier-cache';
import type { IntentClassifier } from './intent/intent-classifier';
import { MerchantIntent } from './models';
import { loadSentimentModel } from './sentiment/load-sentiment-model';
import type { SentimentAnalyzer } from './sentiment/sentiment-analyzer';

interface CachedEngine {
  engine: NluEngine;
  fingerprint: string;
  checkedAt: number;
}

/** How long an engine is trusted before its tenant's catalog and intents are checked for changes. */
const FRESHNESS_MS = 2000;

/**
 * One NLU engine per tenant, built from that tenant's catalog, order-number pattern and merchant
 * intents. The standard classifier is trained once per process and shared; a tenant with its own
 * intents gets its own classifier. Engines are rebuilt when the catalog or intents change, checked
 * against the database, so a change made through any process is served by every process.
 */
export class NluService {
  private standard?: IntentClassifier;
  private sentiment: SentimentAnalyzer | null = null;
  private readonly engines = new Map<number, CachedEngine>();

  constructor(
    /** Where trained weights are cached (modelCacheDir): shared by every process using the same directory. */
    private readonly modelDir: string,
    private readonly logger: Logger,
  ) {}

  /**
   * Loads the shared classifier cached in the model dir, or trains it (seconds, CPU-bound) when the
   * corpus or code changed: call at boot, before serving. `fromCache` tells which happened.
   */
  warmUp(): { fromCache: boolean } {
    if (this.standard) return { fromCache: true };
    const started = Date.now();
    const { classifier, fromCache } = loadOrTrainClassifier({ modelDir: this.modelDir, scope: 'standard' });
    this.standard = classifier;
    this.logger.info({ ms: Date.now() - started, fromCache }, fromCache ? 'intent classifier loaded' : 'intent classifier trained');
    return { fromCache };
  }

  /** Loads or trains the shipped sentiment model; until then sentiment comes from the lexicon. */
  loadSentiment(): void {
    const started = Date.now();
    try {
      const { model, fromCache } = loadSentimentModel(this.modelDir);
      this.sentiment = model;
      this.engines.clear();
      this.logger.info({ ms: Date.now() - started, available: true, fromCache }, 'sentiment model loaded');
    } catch (error) {
      this.logger.warn({ err: error }, 'sentiment model unavailable; using the lexicon');
    }
  }

  /**
   * What the understanding runs on right now, for /readyz and the fresh-clone check in CI: a model
   * the product ships must report itself available on a bare install, not silently fall back.
   */
  modelStatus(): Record<'intent' | 'sentiment', { available: boolean }> {
    return { intent: { available: this.standard !== undefined }, sentiment: { available: this.sentiment !== null } };
  }

  async engineFor(tenant: { id: number; orderNumberPattern: string | null }): Promise<NluEngine> {
    const cached = this.engines.get(tenant.id);
    if (cached && Date.now() - cached.checkedAt < FRESHNESS_MS) return cached.engine;
    const fingerprint = await this.fingerprint(tenant.id, tenant.orderNumberPattern);
    if (cached && cached.fingerprint === fingerprint) {
      cached.checkedAt = Date.now();
      return cached.engine;
    }
    const engine = await this.buildEngine(tenant);
    this.engines.set(tenant.id, { engine, fingerprint, checkedAt: Date.now() });
    return engine;
  }

  async merchantIntentDescriptions(tenantId: number): Promise<{ id: string; description?: string }[]> {
    const intents = await MerchantIntent.findAll({ where: { tenantId }, attributes: ['intentId', 'description'] });
    return intents.map((i) => ({ id: i.intentId, description: i.description ?? undefined }));
  }

  /** Forget a tenant's engine now (after its intents changed in this process). */
  invalidate(tenantId: number): void {
    this.engines.delete(tenantId);
  }

  private async buildEngine(tenant: { id: number; orderNumberPattern: string | null }): Promise<NluEngine> {
    const [catalog, intents] = await Promise.all([listCatalog(tenant.id), MerchantIntent.findAll({ where: { tenantId: tenant.id } })]);
    this.warmUp();
    // A tenant's own intents need its own model: retrained in seconds when they change, loaded from the
    // model dir when a process restarts with them unchanged.
    const classifier =
      intents.length > 0
        ? loadOrTrainClassifier({
            modelDir: this.modelDir,
            scope: `tenant-${tenant.id}`,
            merchantExamples: intents.flatMap((intent) => intent.examples.map((text) => ({ text, intent: intent.intentId }))),
          }).classifier
        : this.standard!;
    return new NluEngine({
      catalog,
      classifier,
      sentiment: this.sentiment,
      orderNumberPatterns: tenant.orderNumberPattern ? [new RegExp(tenant.orderNumberPattern.replace(/^\^/, '').replace(/\$$/, ''), 'i')] : undefined,
    });
  }

  private async fingerprint(tenantId: number, orderNumberPattern: string | null): Promise<string> {
    const [products, intents] = await Promise.all([
      Product.findOne({ where: { tenantId }, attributes: [[fn('COUNT', col('id')), 'n'], [fn('MAX', col('updated_at')), 'latest']], raw: true }),
      MerchantIntent.findOne({ where: { tenantId }, attributes: [[fn('COUNT', col('id')), 'n'], [fn('MAX', col('updated_at')), 'latest']], raw: true }),
    ]);
    return JSON.stringify([products, intents, orderNumberPattern, this.sentiment !== null]);
  }
}
