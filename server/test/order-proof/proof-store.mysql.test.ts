import { describeWithServices, freshMysqlDatabase } from '../support/test-database';
import { proofStoreSuite } from './proof-store-suite';

/** Order-proof limits and one-time codes on MariaDB (several workers share it). */
describeWithServices('order proof store on MariaDB', () => {
  proofStoreSuite(() => freshMysqlDatabase('proof_store'));
});
