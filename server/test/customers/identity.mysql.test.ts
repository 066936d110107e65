import { freshMysqlDatabase, mysqlAvailable } from '../support/test-database';
import { identitySuite } from './identity-suite';

/** The same identity flows on MariaDB, where row locks and the unique keys are real. */
(mysqlAvailable ? describe : describe.skip)('identity on MariaDB', () => {
  identitySuite(() => freshMysqlDatabase('identity'));
});
