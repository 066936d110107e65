import type { KefuConfig } from '@kefu/shared';
import type { Logger } from '../logger';
import { EngineUnderstander } from './engine-understander';
import { LlmIntentFallback } from './llm/llm-intent-fallback';
import { modelCacheDir } from './model-cache-dir';
import { NluService } from './nlu-service';
import type { Understander } from './understander';

/**
 * The understanding step for a process that runs the pipeline: models are trained or loaded here,
 * at boot, so no shopper waits for training and no request blocks on it.
 */
export function createUnderstanding(config: KefuConfig, logger: Logger): { nlu: NluService; understander: Understander } {
  const nlu = new NluService(modelCacheDir(config), logger.child({ component: 'nlu' }));
  nlu.warmUp();
  if (config.SENTIMENT_MODEL === 'auto') nlu.loadSentiment();
  const fallback =
    config.LLM_BASE_URL && config.LLM_API_KEY
      ? new LlmIntentFallback({ baseUrl: config.LLM_BASE_URL, apiKey: config.LLM_API_KEY, model: config.LLM_MODEL, logger })
      : undefined;
  return { nlu, understander: new EngineUnderstander(nlu, fallback) };
}
