import { freshMysqlDatabase, mysqlAvailable } from '../../support/test-database';
import { knowledgeRoutesSuite } from './knowledge-routes-suite';

(mysqlAvailable ? describe : describe.skip)('knowledge console API on MariaDB', () => {
  knowledgeRoutesSuite(() => freshMysqlDatabase('knowledge'));
});
