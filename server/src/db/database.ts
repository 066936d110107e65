import type { Sequelize } from 'sequelize';
import type { Logger } from '../logger';
import { initAgentDeskModels } from '../agents/models';
import { initAnalyticsModels } from '../analytics/models';
import { initAuthModels } from '../auth/models';
import { initChannelModels } from '../channels/models';
import { initCommerceModels } from '../commerce/models';
import { initRefundRuleModels } from '../commerce/refund-rules/models';
import { initAutomationModels } from '../automation/models';
import { initConversationModels } from '../conversations/models';
import { initRatingModels } from '../conversations/ratings/models';
import { initCustomerModels } from '../customers/models';
import { initKnowledgeModels } from '../knowledge/models';
import { initNluModels } from '../nlu/models';
import { initOrderProofModels } from '../order-proof/models';
import { createSequelize, tuneSqlite, type DatabaseTarget } from './create-sequelize';
import { migrateToLatest } from './migrator';
import { installTenantGuard } from './tenant-guard';

export interface Database extends DatabaseTarget {
  isReady(): Promise<boolean>;
  close(): Promise<void>;
}

/** Opens the database, registers every context's models and the tenant guard, and optionally migrates. */
export async function openDatabase(opts: { url?: string; dataDir: string; logger: Logger; migrate: boolean }): Promise<Database> {
  const target = createSequelize(opts.url, opts.dataDir, opts.logger);
  await target.sequelize.authenticate();
  await tuneSqlite(target);
  registerModels(target.sequelize);
  if (opts.migrate) {
    const applied = await migrateToLatest(target.sequelize, opts.logger);
    if (applied.length > 0) opts.logger.info({ applied }, 'database migrated');
  }
  return {
    ...target,
    isReady: async () => {
      try {
        await target.sequelize.query('SELECT 1');
        return true;
      } catch {
        return false;
      }
    },
    close: () => target.sequelize.close(),
  };
}

function registerModels(sequelize: Sequelize): void {
  installTenantGuard(sequelize);
  initAuthModels(sequelize);
  initChannelModels(sequelize);
  initCustomerModels(sequelize);
  initConversationModels(sequelize);
  initRatingModels(sequelize);
  initAnalyticsModels(sequelize);
  initCommerceModels(sequelize);
  initRefundRuleModels(sequelize);
  initAutomationModels(sequelize);
  initKnowledgeModels(sequelize);
  initNluModels(sequelize);
  initAgentDeskModels(sequelize);
  initOrderProofModels(sequelize);
}
