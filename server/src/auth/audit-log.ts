import type { Transaction } from 'sequelize';
import { AuditEntry } from './models';

export interface AuditInput {
  tenantId: number;
  actorType: AuditEntry['actorType'];
  actorId?: string | number | null;
  action: string;
  targetType?: string;
  targetId?: string | number;
  details?: Record<string, unknown>;
}

/** Sensitive actions (logins, key creation, merges, order actions) leave an audit row. */
export class AuditLog {
  /** Pass the caller's transaction so the audit row commits or rolls back with the change it records. */
  async record(input: AuditInput, transaction?: Transaction): Promise<void> {
    await AuditEntry.create({
      tenantId: input.tenantId,
      actorType: input.actorType,
      actorId: input.actorId === undefined || input.actorId === null ? null : String(input.actorId),
      action: input.action,
      targetType: input.targetType ?? null,
      targetId: input.targetId === undefined ? null : String(input.targetId),
      details: input.details ?? {},
    }, { transaction });
  }

  async list(tenantId: number, limit = 100): Promise<AuditEntry[]> {
    return AuditEntry.findAll({ where: { tenantId }, order: [['id', 'DESC']], limit });
  }
}
