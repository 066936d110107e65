import type { Server } from 'node:http';
import { AuditLog } from '../../../src/auth/audit-log';
import { Tenant, type Role } from '../../../src/auth/models';
import { issueConsoleToken } from '../../../src/auth/console-tokens';
import { createUser } from '../../../src/auth/users';
import { openDatabase } from '../../../src/db/database';
import { createKnowledgeRouter } from '../../../src/http/routes/console-knowledge-routes';
import { createQueueSet } from '../../../src/jobs';
import { KNOWLEDGE_IMPORT_JOB_KIND } from '../../../src/knowledge/import/knowledge-import-job';
import { runKnowledgeImport } from '../../../src/knowledge/import/run-import';
import { createLogger } from '../../../src/logger';
import type { Runtime } from '../../../src/runtime';
import { serveRouter } from '../../support/serve-router';

export const SESSION_SECRET = 'k'.repeat(32);

export interface KnowledgeTestRuntime {
  runtime: Runtime;
  server: Server;
  close(): Promise<void>;
}

/** The knowledge router on a real database, with the scheduled queue running import jobs in process. */
export async function openKnowledgeRuntime(databaseUrl: string, bodyLimit = 4 * 1024 * 1024): Promise<KnowledgeTestRuntime> {
  const logger = createLogger(process.env.KT_LOG ?? 'silent');
  const db = await openDatabase({ url: databaseUrl, dataDir: '/tmp', logger, migrate: true });
  const queues = createQueueSet({ prefix: 't', attempts: 1, backoffMs: 10, logger });
  const runtime = { logger, db, queues, audit: new AuditLog(), secrets: { sessionSecret: SESSION_SECRET, encryptionKey: Buffer.alloc(32) } } as unknown as Runtime;
  queues.scheduled.process(async (job) => {
    if (job.kind === KNOWLEDGE_IMPORT_JOB_KIND) await runKnowledgeImport(runtime, job);
  });
  const server = serveRouter(createKnowledgeRouter(runtime), logger, bodyLimit);
  return {
    runtime,
    server,
    close: async () => {
      await queues.closeAll();
      await db.close();
    },
  };
}

/** A tenant with one user per role and console tokens for each. */
export async function seedTenantWithRoles(key: string): Promise<{ tenantId: number; tokens: Record<Role, string>; userIds: Record<Role, number> }> {
  const tenant = await Tenant.create({ key, name: `Shop ${key}`, orderNumberPattern: null });
  const tokens = {} as Record<Role, string>;
  const userIds = {} as Record<Role, number>;
  for (const role of ['owner', 'admin', 'agent', 'viewer'] as const) {
    const user = await createUser(tenant.id, { email: `${role}@${key}.test`, password: 'correct horse battery', role });
    userIds[role] = user.id;
    tokens[role] = issueConsoleToken({ userId: user.id, tenantId: tenant.id, role }, SESSION_SECRET);
  }
  return { tenantId: tenant.id, tokens, userIds };
}

export async function waitFor<T>(probe: () => Promise<T>, done: (value: T) => boolean, timeoutMs = 20_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (done(value)) return value;
    if (Date.now() > deadline) throw new Error(`condition not met within ${timeoutMs} ms; last value ${JSON.stringify(value)}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}
