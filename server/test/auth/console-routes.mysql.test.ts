import { freshMysqlUrl } from './console-test-kit';
import { consoleRoutesSuite } from './console-routes-suite';

const describeMysql = process.env.KEFU_TEST_MYSQL_OK === '0' ? describe.skip : describe;

describeMysql('console API on MariaDB', () => {
  consoleRoutesSuite(() => freshMysqlUrl('auth'));
});
