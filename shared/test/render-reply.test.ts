import { renderReply, renderReplyText, TEXT_ONLY, type Card, type SendCapabilities } from '../src';

const confirmation: Card = {
  type: 'confirmation',
  title: '确认修改地址',
  fields: [{ label: '新地址', value: '上海市浦东新区世纪大道1号' }],
  actions: [
    { label: '确认', text: '确认' },
    { label: '先不改了', text: '取消' },
  ],
};
const product: Card = { type: 'product', title: '纯棉卫衣', body: '¥199，现货', imageUrl: 'https://shop.example/p/9.jpg', link: { label: '查看商品', url: 'https://shop.example/p/9' } };
const withMenus: SendCapabilities = { text: {}, menu: { maxItems: 3, head: { maxBytes: 1024 }, item: { maxBytes: 12 } } };
const bytes = (text: string) => Buffer.byteLength(text, 'utf8');

describe('renderReply: each card in the best form the channel declares, else text', () => {
  it('on a text-only channel a card with choices becomes one text naming what to reply for each choice', () => {
    const parts = renderReply({ text: '请确认：', cards: [confirmation] }, TEXT_ONLY);
    expect(parts).toHaveLength(1);
    const [part] = parts;
    expect(part?.kind).toBe('text');
    const text = part?.kind === 'text' ? part.text : '';
    expect(text.startsWith('请确认：\n\n【确认修改地址】\n新地址：上海市浦东新区世纪大道1号')).toBe(true);
    // Each choice appears with the exact text the pipeline reads back, and its label when that differs.
    for (const action of confirmation.actions ?? []) expect(text).toContain(`回复「${action.text}」${action.label === action.text ? '' : `（${action.label}）`}`);
  });

  it('on a channel that declares menus the same card is a menu whose items send the choice back, carrying the reply text as its head', () => {
    expect(renderReply({ text: '请确认：', cards: [confirmation] }, withMenus)).toEqual([
      {
        kind: 'menu',
        head: '请确认：\n\n【确认修改地址】\n新地址：上海市浦东新区世纪大道1号',
        items: [
          { id: '1', label: '确认', text: '确认' },
          { id: '2', label: '先不改了', text: '取消' },
        ],
      },
    ]);
  });

  it('a menu is used only when every choice fits it: too many items, or an item past its limit, degrade to text', () => {
    const many: Card = { ...confirmation, actions: ['一', '二', '三', '四'].map((n) => ({ label: n, text: n })) };
    const long: Card = { ...confirmation, actions: [{ label: '确认', text: '确认把地址改成新地址' }] };
    for (const card of [many, long]) expect(renderReply({ text: '', cards: [card] }, withMenus).map((part) => part.kind)).toEqual(['text']);
  });

  it('a lone menu carries the degraded cards too (one message against the quota); two menus leave the text its own message', () => {
    const lone = renderReply({ text: '为您找到：', cards: [product, confirmation] }, withMenus);
    expect(lone.map((part) => part.kind)).toEqual(['menu']);
    expect(lone[0]?.kind === 'menu' && lone[0].head).toBe('为您找到：\n\n【纯棉卫衣】\n¥199，现货\n查看商品：https://shop.example/p/9\n\n【确认修改地址】\n新地址：上海市浦东新区世纪大道1号');
    const two = renderReply({ text: '为您找到：', cards: [product, confirmation, confirmation] }, withMenus);
    expect(two.map((part) => part.kind)).toEqual(['text', 'menu', 'menu']);
    expect(two[0]).toEqual({ kind: 'text', text: '为您找到：\n\n【纯棉卫衣】\n¥199，现货\n查看商品：https://shop.example/p/9' });
  });

  it('a link card goes out as a link where declared, with its body as the description', () => {
    const links: SendCapabilities = { text: {}, link: { title: { maxBytes: 128 }, description: { maxBytes: 512 } } };
    expect(renderReply({ text: '', cards: [product] }, links)).toEqual([{ kind: 'link', title: '纯棉卫衣', description: '¥199，现货', url: 'https://shop.example/p/9', imageUrl: 'https://shop.example/p/9.jpg' }]);
  });

  it('text is cut to the declared limit, counted as the platform counts it, with a visible mark', () => {
    const long = { text: '您好😀a'.repeat(1000), cards: [] };
    const [byBytes] = renderReply(long, { text: { maxBytes: 2048 } });
    const inBytes = byBytes?.kind === 'text' ? byBytes.text : '';
    expect(bytes(inBytes)).toBeLessThanOrEqual(2048);
    expect(bytes(inBytes)).toBeGreaterThan(2048 - 4);
    expect(inBytes.endsWith('…')).toBe(true);
    const inChars = renderReplyText(long, { maxChars: 300 });
    expect(Array.from(inChars)).toHaveLength(300);
    expect(inChars.endsWith('…')).toBe(true);
    expect(renderReplyText({ text: '短', cards: [] }, { maxChars: 300 })).toBe('短');
  });

  it('never hands a channel a form it did not declare', () => {
    const cards: Card[] = [confirmation, product, { type: 'logistics', title: '物流', timeline: [{ time: '11-26 09:00', text: '已到达上海' }] }];
    const declarations: SendCapabilities[] = [TEXT_ONLY, withMenus, { text: {}, link: {} }, { text: {}, menu: { maxItems: 10 }, link: {} }];
    for (const capabilities of declarations) {
      for (const part of renderReply({ text: '好的', cards }, capabilities)) expect(part.kind === 'text' || capabilities[part.kind] !== undefined).toBe(true);
    }
  });
});
