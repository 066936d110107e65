import { createConnection } from 'mysql2/promise';
import { testServiceUrls } from './service-urls';

export const mysqlAvailable = process.env.KEFU_TEST_MYSQL_OK !== '0';
export const redisAvailable = process.env.KEFU_TEST_REDIS_OK !== '0';
export const describeWithServices = mysqlAvailable && redisAvailable ? describe : describe.skip;

/**
 * A fresh, empty MariaDB database for one test file in one jest worker; returns its URL.
 * KEFU_TEST_DB_PREFIX keeps two jest runs on one server (two checkouts) out of each other's databases.
 */
export async function freshMysqlDatabase(label: string): Promise<string> {
  const name = `kefu_test_${process.env.KEFU_TEST_DB_PREFIX ?? ''}${label}_${process.env.JEST_WORKER_ID ?? '0'}`.replace(/[^\w]/g, '_');
  const base = testServiceUrls().mysql.replace(/\/$/, '');
  const connection = await createConnection({ uri: base });
  try {
    await connection.query(`DROP DATABASE IF EXISTS \`${name}\``);
    await connection.query(`CREATE DATABASE \`${name}\` CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci`);
  } finally {
    await connection.end();
  }
  return `${base}/${name}`;
}

export function chromaUrl(): string {
  const url = process.env.TEST_CHROMA_URL;
  if (!url) throw new Error('TEST_CHROMA_URL is not set: the global setup starts Chroma');
  return url;
}
