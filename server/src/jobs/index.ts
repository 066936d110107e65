export { createQueueSet } from './queue-set';
export type { DeskJob, InboundJob, OutboundJob, ScheduledJob, QueueSet, QueueSetOptions } from './queue-set';
export type { AddJobOptions, FailedJob, JobContext, JobCounts, JobHandler, JobQueue, RepeatJobOptions } from './job-queue';
export { InProcessQueue } from './in-process-queue';
export { BullQueue } from './bull-queue';
