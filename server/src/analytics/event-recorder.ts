import type { Transaction } from 'sequelize';
import type { Logger } from '../logger';
import { PipelineEvent } from './models';

export interface PipelineEventInput {
  tenantId: number;
  type: string;
  conversationId?: number | null;
  messageId?: number | null;
  payload?: Record<string, unknown>;
}

/** Every pipeline step records one event; analytics reads them. A failed write is logged, never fatal to the step. */
export class EventRecorder {
  constructor(private readonly logger: Logger) {}

  async emit(event: PipelineEventInput): Promise<void> {
    try {
      await PipelineEvent.create({
        tenantId: event.tenantId,
        type: event.type,
        conversationId: event.conversationId ?? null,
        messageId: event.messageId ?? null,
        payload: event.payload ?? {},
      });
    } catch (error) {
      this.logger.warn({ err: error, type: event.type }, 'could not record pipeline event');
    }
  }

  /**
   * Several events in one insert: a turn of the pipeline buffers its events and writes them once.
   * Inside the turn's transaction a failure is the transaction's (it rolls back with the reply);
   * outside one it is logged, as for emit.
   */
  async emitAll(events: PipelineEventInput[], transaction?: Transaction): Promise<void> {
    if (events.length === 0) return;
    const rows = events.map((event) => ({
      tenantId: event.tenantId,
      type: event.type,
      conversationId: event.conversationId ?? null,
      messageId: event.messageId ?? null,
      payload: event.payload ?? {},
    }));
    if (transaction) {
      await PipelineEvent.bulkCreate(rows, { transaction });
      return;
    }
    try {
      await PipelineEvent.bulkCreate(rows);
    } catch (error) {
      this.logger.warn({ err: error, types: events.map((e) => e.type) }, 'could not record pipeline events');
    }
  }

  async list(tenantId: number, filter: { conversationId?: number; messageId?: number; type?: string } = {}): Promise<PipelineEvent[]> {
    const where: Record<string, unknown> = { tenantId };
    if (filter.conversationId) where.conversationId = filter.conversationId;
    if (filter.messageId) where.messageId = filter.messageId;
    if (filter.type) where.type = filter.type;
    return PipelineEvent.findAll({ where, order: [['id', 'ASC']], limit: 1000 });
  }
}
