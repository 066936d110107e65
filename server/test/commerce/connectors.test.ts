import { CircuitState } from 'cockatiel';
import { HttpOrders } from '../../src/commerce/connectors/http/http-orders';
import { httpOrdersConfigSchema } from '../../src/commerce/connectors/http/http-orders-config';
import { readDottedPath } from '../../src/commerce/connectors/http/dotted-path';
import { readKuaidi100Push } from '../../src/commerce/connectors/kuaidi100/kuaidi100-callback';
import { Kuaidi100Logistics, kuaidi100ConfigSchema } from '../../src/commerce/connectors/kuaidi100/kuaidi100-logistics';
import { md5Upper, signCallback, signQuery } from '../../src/commerce/connectors/kuaidi100/kuaidi100-protocol';
import { ConnectorResponseError, ConnectorUnavailableError, ResilientEndpoint } from '../../src/commerce/connectors/resilient-call';
import { outboundPolicy, setOutboundPolicy } from '../../src/network/outbound-policy';
import { Kuaidi100Server } from './support/kuaidi100-server';

// The local order system and kuaidi100 stand-ins listen on loopback, which the operator allow-lists here.
setOutboundPolicy(outboundPolicy('loopback'));
import { OrderSystemServer, type RemoteOrder } from './support/order-system-server';

const remoteOrder = (): RemoteOrder => ({
  order_sn: 'SO-1001',
  buyer_id: 'buyer-7',
  state: 'WAIT_SEND',
  pay_amount: '307.00',
  receiver: { mobile: '13900001234', address: '杭州市西湖区文三路1号' },
  express: null,
  created: '2026-11-25T10:00:00+08:00',
  paid: '2026-11-25T10:01:00+08:00',
  goods: [{ goods_sn: 'TEE-1', title: '基础T恤', num: 2, price: '79.00' }],
});

describe('generic HTTP order provider against a local order system', () => {
  let system: OrderSystemServer;
  let orders: HttpOrders;
  let endpoint: ResilientEndpoint;

  beforeAll(async () => {
    system = await new OrderSystemServer('secret-token').start();
  });
  beforeEach(() => {
    system.orders.clear();
    system.orders.set('SO-1001', remoteOrder());
    system.delayMs = 0;
    system.failWith500 = false;
    endpoint = new ResilientEndpoint('order system', { timeoutMs: 300, failuresToOpen: 3, halfOpenAfterMs: 60_000, readAttempts: 2 });
    orders = new HttpOrders(httpOrdersConfigSchema.parse(system.providerConfig()), endpoint);
  });
  afterAll(async () => {
    await system.stop();
  });

  it('maps the merchant’s fields, units and states onto ours', async () => {
    const order = await orders.getOrder('SO-1001');
    expect(order).toMatchObject({ orderNo: 'SO-1001', customerRef: 'buyer-7', status: 'paid', totalCents: 30700, recipientPhone: '13900001234', carrier: null });
    expect(order!.items).toEqual([{ sku: 'TEE-1', name: '基础T恤', quantity: 2, unitPriceCents: 7900, size: undefined, color: undefined }]);
    expect(order!.paidAt?.toISOString()).toBe('2026-11-25T02:01:00.000Z');
    expect(await orders.listOrdersByCustomer('buyer-7')).toHaveLength(1);
    expect(await orders.listOrdersByCustomer('someone-else')).toHaveLength(0);
  });

  it('answers null for an unknown order (404) without counting it against the breaker', async () => {
    for (let i = 0; i < 5; i++) expect(await orders.getOrder('NOPE')).toBeNull();
    expect(endpoint.state).toBe(CircuitState.Closed);
  });

  it('sends writes with the idempotency key and applies a repeated key once', async () => {
    const write = { orderNo: 'SO-1001', idempotencyKey: 'addr-1', address: '上海市浦东新区张江路100号' };
    expect(await orders.changeAddress(write)).toEqual({ accepted: true, reference: 'T-addr-1', message: undefined });
    expect(await orders.changeAddress(write)).toMatchObject({ accepted: true });
    expect(system.writes.filter((w) => w.key === 'addr-1')).toHaveLength(2);
    expect(system.appliedKeys.has('addr-1')).toBe(true);
    expect(system.orders.get('SO-1001')!.receiver.address).toBe('上海市浦东新区张江路100号');
  });

  it('reports the order system’s refusal in its words', async () => {
    system.orders.get('SO-1001')!.state = 'SENT';
    expect(await orders.changeAddress({ orderNo: 'SO-1001', idempotencyKey: 'addr-2', address: 'x' })).toEqual({ accepted: false, reference: undefined, message: '订单已发货，不能改地址' });
  });

  it('rejects an unmapped state instead of guessing', async () => {
    system.orders.get('SO-1001')!.state = 'WEIRD';
    await expect(orders.getOrder('SO-1001')).rejects.toBeInstanceOf(ConnectorResponseError);
  });

  it('times out, retries reads, and opens the circuit after consecutive failures', async () => {
    system.delayMs = 1000;
    const before = system.requests;
    await expect(orders.getOrder('SO-1001')).rejects.toBeInstanceOf(ConnectorUnavailableError);
    // A read is tried twice (one retry) before giving up.
    await new Promise((r) => setTimeout(r, 100));
    expect(system.requests - before).toBe(2);
    await expect(orders.getOrder('SO-1001')).rejects.toThrow(/no answer within 300 ms|circuit open/);
    expect(endpoint.state).toBe(CircuitState.Open);
    system.delayMs = 0;
    const whileOpen = system.requests;
    await expect(orders.getOrder('SO-1001')).rejects.toThrow(/circuit open/);
    expect(system.requests).toBe(whileOpen);
  });

  it('does not retry writes', async () => {
    system.failWith500 = true;
    const before = system.writes.length;
    const requestsBefore = system.requests;
    await expect(orders.cancelOrder({ orderNo: 'SO-1001', idempotencyKey: 'c-1', reason: 'r' })).rejects.toBeInstanceOf(ConnectorUnavailableError);
    expect(system.requests - requestsBefore).toBe(1);
    expect(system.writes.length).toBe(before);
  });

  it('refuses a configuration without the required mappings', () => {
    const bad = httpOrdersConfigSchema.safeParse({ baseUrl: 'not a url', endpoints: {}, orderFields: {}, itemFields: {}, statusMap: {} });
    expect(bad.success).toBe(false);
    expect(bad.error!.issues.map((i) => i.path.join('.'))).toEqual(expect.arrayContaining(['baseUrl', 'endpoints.getOrder', 'orderFields.orderNo']));
  });

  it('reads dotted paths through objects and arrays', () => {
    expect(readDottedPath({ a: { b: [{ c: 5 }] } }, 'a.b.0.c')).toBe(5);
    expect(readDottedPath({ a: 1 }, 'a.b.c')).toBeUndefined();
  });
});

describe('Kuaidi100 provider against a local server speaking its protocol', () => {
  let server: Kuaidi100Server;

  beforeAll(async () => {
    server = await new Kuaidi100Server('CUSTOMER123', 'key-abc').start();
    server.waybills.set('SF100', {
      com: 'shunfeng',
      state: '0',
      data: [
        { context: '【上海市】快件已到达上海浦东集散中心', ftime: '2026-11-25 22:10:00', statusCode: '0' },
        { context: '【杭州市】顺丰速运 已收取快件', ftime: '2026-11-25 16:05:00', statusCode: '1' },
      ],
    });
  });
  afterAll(async () => {
    await server.stop();
  });

  const provider = (key = 'key-abc') =>
    new Kuaidi100Logistics(kuaidi100ConfigSchema.parse({ customer: 'CUSTOMER123', key, baseUrl: server.url, callbackUrl: 'https://kefu.example/webhooks/kuaidi100/demo', salt: 'salty' }), new ResilientEndpoint('kuaidi100', { timeoutMs: 300, failuresToOpen: 5, halfOpenAfterMs: 60_000, readAttempts: 1 }));

  it('signs MD5(param + key + customer) in upper-case hex', () => {
    expect(md5Upper('abc')).toBe('900150983CD24FB0D6963F7D28E17F72');
    expect(signQuery('{"com":"shunfeng"}', 'k', 'C')).toBe(md5Upper('{"com":"shunfeng"}kC'));
  });

  it('queries a waybill by carrier code and normalises the events, newest first', async () => {
    const events = await provider().track({ carrier: '顺丰速运', trackingNo: 'SF100', phone: '13816627391' });
    expect(events.map((e) => e.state)).toEqual(['in_transit', 'collected']);
    expect(events[0].text).toContain('上海浦东集散中心');
    expect(events[0].at.toISOString()).toBe('2026-11-25T14:10:00.000Z');
    expect(server.queries.at(-1)).toMatchObject({ com: 'shunfeng', num: 'SF100', phone: '7391' });
  });

  it('returns no events for an unknown waybill and refuses a bad key loudly', async () => {
    expect(await provider().track({ carrier: '中通快递', trackingNo: 'ZT404' })).toEqual([]);
    await expect(provider('wrong-key').track({ carrier: '顺丰速运', trackingNo: 'SF100' })).rejects.toThrow(/签名错误/);
  });

  it('subscribes a waybill for push updates', async () => {
    await provider().subscribe({ carrier: '中通快递', trackingNo: 'ZT200' });
    expect(server.subscriptions.at(-1)).toMatchObject({ company: 'zhongtong', number: 'ZT200', key: 'key-abc', parameters: { callbackurl: 'https://kefu.example/webhooks/kuaidi100/demo', salt: 'salty' } });
  });

  it('accepts a push signed with our salt and rejects a forged one', () => {
    const param = JSON.stringify({ status: 'polling', message: '', lastResult: { nu: 'ZT200', com: 'zhongtong', state: '3', data: [{ context: '已签收', ftime: '2026-11-26 09:00:00', statusCode: '301' }] } });
    const push = readKuaidi100Push({ param, sign: signCallback(param, 'salty') }, 'salty');
    expect(push).toMatchObject({ trackingNo: 'ZT200', events: [{ state: 'delivered', text: '已签收' }] });
    expect(readKuaidi100Push({ param, sign: signCallback(param, 'other') }, 'salty')).toBeNull();
  });

  it('times out a stalled server as unavailable, never as an empty answer', async () => {
    server.stall = true;
    try {
      await expect(provider().track({ carrier: '顺丰速运', trackingNo: 'SF100' })).rejects.toBeInstanceOf(ConnectorUnavailableError);
    } finally {
      server.stall = false;
    }
  });
});
