/** Where the test suite finds its services; overridable by environment. */
export function testServiceUrls(): { mysql: string; redis: string } {
  return {
    mysql: process.env.TEST_MYSQL_URL ?? 'mysql://root@127.0.0.1:3306',
    redis: process.env.TEST_REDIS_URL ?? 'redis://127.0.0.1:6379',
  };
}
