import type { Server } from 'node:http';
import type Redis from 'ioredis';
import { AuditLog } from '../../src/auth/audit-log';
import { LoginThrottle, type LoginThrottlePolicy } from '../../src/auth/login-throttle';
import { Tenant } from '../../src/auth/models';
import { ChannelAccount } from '../../src/channels/models';
import { Conversation, Message, type ConversationStatus } from '../../src/conversations/models';
import { ChannelIdentity } from '../../src/customers/models';
import type Koa from 'koa';
import type { KefuState } from '../../src/http-kit/koa-state';
import { openDatabase } from '../../src/db/database';
import { createConsoleRouter } from '../../src/http/routes/console-routes';
import { createQueueSet } from '../../src/jobs';
import { createLogger } from '../../src/logger';
import type { Runtime } from '../../src/runtime';
import { freshMysqlDatabase } from '../support/test-database';
import { serveRouter } from '../support/serve-router';

export const SESSION_SECRET = 'x'.repeat(32);

/** A fresh, empty MariaDB database for this jest worker, so the migration runs from scratch. */
export const freshMysqlUrl = freshMysqlDatabase;

export interface TestRuntime {
  runtime: Runtime;
  /** The app as an unstarted server; supertest binds it to an ephemeral port per request. */
  server: Server;
  close(): Promise<void>;
}

export interface TestRuntimeOptions {
  /** Shared with other runtimes of the same test to play several processes of one deployment. */
  redis?: Redis;
  keyPrefix?: string;
  loginPolicy?: Partial<LoginThrottlePolicy>;
  /** In front of the router, e.g. to take the client address from a trusted proxy header. */
  before?: Koa.Middleware<KefuState>[];
}

/** Only the runtime fields the console routes use, on a real database and real (in-process) queues. */
export async function openTestRuntime(databaseUrl: string, options: TestRuntimeOptions = {}): Promise<TestRuntime> {
  const logger = createLogger('silent');
  const db = await openDatabase({ url: databaseUrl, dataDir: '/tmp', logger, migrate: true });
  const queues = createQueueSet({ prefix: 't', attempts: 1, backoffMs: 10, logger });
  const runtime = {
    logger,
    db,
    queues,
    audit: new AuditLog(),
    secrets: { sessionSecret: SESSION_SECRET, encryptionKey: Buffer.alloc(32) },
    redis: options.redis,
    config: { REDIS_PREFIX: options.keyPrefix ?? 'kefu-test' },
  } as unknown as Runtime;

  const loginThrottle = new LoginThrottle({ redis: options.redis, keyPrefix: options.keyPrefix ?? 'kefu-test', policy: options.loginPolicy });
  const server = serveRouter(createConsoleRouter(runtime, { loginThrottle }), logger, 1024 * 1024, options.before);

  return {
    runtime,
    server,
    close: async () => {
      await queues.closeAll();
      await db.close();
    },
  };
}

/** One tenant with a web channel, shopper identities and conversations with messages, created straight through the models. */
export async function seedTenantWithConversations(
  key: string,
  conversations: { status: ConversationStatus; lastMessageAt: Date; texts: string[] }[],
): Promise<{ tenant: Tenant; conversationIds: number[] }> {
  const tenant = await Tenant.create({ key, name: `Shop ${key}`, orderNumberPattern: null });
  const account = await ChannelAccount.create({ tenantId: tenant.id, platform: 'web', appId: `${key}-web`, name: 'Web chat', credentialsEncrypted: null, unionScope: null });
  const conversationIds: number[] = [];
  for (const [index, spec] of conversations.entries()) {
    const identity = await ChannelIdentity.create({
      tenantId: tenant.id,
      channelAccountId: account.id,
      externalId: `${key}-shopper-${index}`,
      unionId: null,
      customerId: null,
      displayName: `Shopper ${index}`,
    });
    const conversation = await Conversation.create({
      tenantId: tenant.id,
      customerId: null,
      channelAccountId: account.id,
      channelIdentityId: identity.id,
      status: spec.status,
      lastMessageAt: spec.lastMessageAt,
    });
    for (const [n, text] of spec.texts.entries()) {
      await Message.create({
        tenantId: tenant.id,
        conversationId: conversation.id,
        channelAccountId: account.id,
        platformMessageId: `${key}-${index}-${n}`,
        role: n % 2 === 0 ? 'shopper' : 'bot',
        kind: 'text',
        text,
        status: n % 2 === 0 ? 'answered' : 'sent',
      });
    }
    conversationIds.push(conversation.id);
  }
  return { tenant, conversationIds };
}
