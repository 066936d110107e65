import { deliverOutbound } from './deliver-outbound';
import { handleInbound } from './handle-inbound';
import type { PipelineDeps } from './pipeline-deps';

/** Binds the pipeline steps to their queues. Runs in the HTTP process (embedded) or in `npm run worker`. */
export function startPipelineWorkers(deps: PipelineDeps, concurrency = 4): void {
  deps.runtime.queues.inbound.process((job, ctx) => handleInbound(deps, job, ctx), concurrency);
  deps.runtime.queues.outbound.process((job, ctx) => deliverOutbound(deps, job, ctx), concurrency);
}
