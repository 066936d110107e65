import { execFile } from 'node:child_process';
import { join } from 'node:path';
import { promisify } from 'node:util';

const run = promisify(execFile);
const repoRoot = join(__dirname, '..', '..', '..');
const loggerModule = join(repoRoot, 'server', 'src', 'logger.ts');

/**
 * createLogger writes to stdout and takes no destination, so each case runs in a child Node process
 * (with tsx for TypeScript) and the test reads the JSON lines it printed: what an operator would see.
 */
async function logLines(body: string): Promise<{ raw: string; lines: Record<string, unknown>[] }> {
  const script = `const { createLogger } = require(${JSON.stringify(loggerModule)});\n${body}`;
  const { stdout } = await run(process.execPath, ['--import', 'tsx', '-e', script], { cwd: repoRoot, timeout: 30_000 });
  const lines = stdout
    .split('\n')
    .filter((line) => line.trim().length > 0)
    .map((line) => JSON.parse(line) as Record<string, unknown>);
  return { raw: stdout, lines };
}

describe('createLogger', () => {
  it('masks phone numbers and street addresses in string messages', async () => {
    const { raw, lines } = await logLines(`createLogger('info').info('客户电话13812345678 地址浙江省杭州市西湖区文三路90号');`);
    expect(lines).toHaveLength(1);
    expect(raw).not.toContain('13812345678');
    expect(raw).not.toContain('文三路');
    expect(raw).not.toContain('90号');
    expect(lines[0].msg).toBe('客户电话138****5678 地址浙江省杭州市西湖区****');
  });

  it('redacts phone and address fields in logged objects, also nested', async () => {
    const { raw, lines } = await logLines(
      `createLogger('info').info({ phone: '13812345678', nested: { address: '浙江省杭州市西湖区文三路90号', phone: '13912345678' }, orderId: 'A1' }, 'm');`,
    );
    expect(lines).toHaveLength(1);
    expect(raw).not.toContain('13812345678');
    expect(raw).not.toContain('13912345678');
    expect(raw).not.toContain('文三路');
    expect(lines[0]).toMatchObject({ msg: 'm', phone: '[masked]', nested: { address: '[masked]', phone: '[masked]' }, orderId: 'A1' });
  });

  it('masks printf-style arguments and child logger messages too', async () => {
    const { raw, lines } = await logLines(
      `const logger = createLogger('info');\nlogger.info('phone %s', '13712345678');\nlogger.child({ requestId: 'r1' }).info('call 13612345678');`,
    );
    expect(raw).not.toContain('13712345678');
    expect(raw).not.toContain('13612345678');
    expect(lines.map((l) => l.msg)).toEqual(['phone 137****5678', 'call 136****5678']);
    expect(lines[1].requestId).toBe('r1');
  });

  it('redacts authorization headers and passwords', async () => {
    const { raw, lines } = await logLines(
      `createLogger('info').info({ req: { headers: { authorization: 'Bearer secret-token-123' } }, password: 'hunter2' }, 'login');`,
    );
    expect(raw).not.toContain('secret-token-123');
    expect(raw).not.toContain('hunter2');
    expect(lines[0]).toMatchObject({ password: '[masked]', req: { headers: { authorization: '[masked]' } } });
  });

  it('leaves ordinary messages unchanged and adds the base fields', async () => {
    const { lines } = await logLines(`createLogger('info', { component: 'worker' }).info('订单已发货，预计三天内送达');`);
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatchObject({ msg: '订单已发货，预计三天内送达', service: 'kefu', component: 'worker', level: 30 });
  });

  it('honours the level', async () => {
    const { lines } = await logLines(`const logger = createLogger('warn');\nlogger.info('hidden');\nlogger.warn('shown');`);
    expect(lines.map((l) => l.msg)).toEqual(['shown']);
    const silent = await logLines(`createLogger('silent').error('nothing');`);
    expect(silent.lines).toEqual([]);
  });
});
