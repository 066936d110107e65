import type { Card } from '@kefu/shared/src/messages';
import type { WebMessage } from '@kefu/shared/src/web-api';
import { cardView, currentQuickReplies, isAnswered, shouldOfferRating } from '../src/chat/card-view';
import { mergeMessages } from '../src/chat/message-list';

const msg = (id: string, role: WebMessage['role'], text: string, extra: Partial<WebMessage> = {}): WebMessage => ({ id, role, text, createdAt: '2026-11-26T10:00:00Z', ...extra });

describe('card view models', () => {
  it('product: picks price and stock out of the fields and offers the buy link while in stock', () => {
    const card: Card = {
      type: 'product',
      title: 'Nike Air Force 1',
      imageUrl: '/img/af1.jpg',
      fields: [{ label: '价格', value: '¥799.00' }, { label: '库存', value: '23' }, { label: '颜色', value: '白' }],
      link: { label: '立即购买', url: 'https://shop.example.com/p/af1' },
    };
    expect(cardView(card)).toEqual({
      kind: 'product',
      title: 'Nike Air Force 1',
      body: null,
      imageUrl: '/img/af1.jpg',
      price: '¥799.00',
      stock: '23',
      soldOut: false,
      fields: [{ label: '颜色', value: '白' }],
      buy: { label: '立即购买', url: 'https://shop.example.com/p/af1' },
    });
  });

  it('product: no buy button when the stock is zero or marked sold out', () => {
    const base: Card = { type: 'product', title: 'x', link: { label: '购买', url: 'https://a' } };
    expect(cardView({ ...base, fields: [{ label: '库存', value: '0件' }] })).toMatchObject({ soldOut: true, buy: null });
    expect(cardView({ ...base, fields: [{ label: '库存', value: '已售罄' }] })).toMatchObject({ soldOut: true, buy: null });
    expect(cardView({ ...base, fields: [{ label: '库存', value: '10' }] })).toMatchObject({ soldOut: false, buy: { url: 'https://a' } });
  });

  it('logistics: keeps the newest-first order and highlights only the newest step', () => {
    const view = cardView({ type: 'logistics', title: '物流', timeline: [{ time: '11-25 18:00', text: '派送中' }, { time: '11-24 09:00', text: '已揽收' }] });
    expect(view).toMatchObject({ kind: 'logistics', steps: [{ text: '派送中', latest: true }, { text: '已揽收', latest: false }] });
  });

  it('confirmation: the card actions become buttons, the negative one not primary; without actions 确认/取消', () => {
    const fields = [{ label: '新地址', value: '北京市海淀区中关村大街1号' }];
    const withActions = cardView({ type: 'confirmation', title: '修改地址？', fields, actions: [{ label: '确认修改', text: '确认' }, { label: '取消', text: '算了' }] });
    expect(withActions).toMatchObject({ fields, buttons: [{ label: '确认修改', text: '确认', primary: true }, { label: '取消', text: '算了', primary: false }] });
    const plain = cardView({ type: 'confirmation', title: '确认退款？' });
    expect(plain).toMatchObject({ buttons: [{ text: '确认', primary: true }, { text: '取消', primary: false }] });
  });

  it('refund: the state gives the tone', () => {
    expect(cardView({ type: 'refund', title: '退款', state: 'refunded' })).toMatchObject({ tone: 'done' });
    expect(cardView({ type: 'refund', title: '退款', state: 'rejected' })).toMatchObject({ tone: 'rejected' });
    expect(cardView({ type: 'refund', title: '退款', state: 'refunding' })).toMatchObject({ tone: 'progress' });
  });

  it('order: title, state and fields pass through as the server wrote them', () => {
    const fields = [{ label: '订单号', value: 'E20261124005' }, { label: '状态', value: '已发货' }];
    expect(cardView({ type: 'order', title: '订单 E20261124005', state: 'shipped', fields })).toEqual({ kind: 'order', title: '订单 E20261124005', state: 'shipped', fields, link: null });
  });
});

describe('chat-level card decisions', () => {
  const chips: Card = { type: 'quick_replies', title: '您可以', actions: [{ label: '查物流', text: '我的快递到哪了' }] };

  it('quick-reply chips come from the newest reply and disappear once the shopper answers', () => {
    let entries = mergeMessages([], [msg('1', 'shopper', '你好'), msg('2', 'bot', '您好', { cards: [chips] })]);
    expect(currentQuickReplies(entries)).toEqual([{ label: '查物流', text: '我的快递到哪了', primary: false }]);
    entries = mergeMessages(entries, [msg('3', 'shopper', '我的快递到哪了')]);
    expect(currentQuickReplies(entries)).toEqual([]);
  });

  it('a confirmation is answered once the shopper said something after it', () => {
    const entries = mergeMessages([], [msg('1', 'bot', '确认修改地址吗？', { cards: [{ type: 'confirmation', title: '确认' }] }), msg('2', 'bot', '或者…')]);
    expect(isAnswered(entries, 0)).toBe(false);
    expect(isAnswered(mergeMessages(entries, [msg('3', 'shopper', '确认')]), 0)).toBe(true);
  });

  it('offers the rating after a goodbye or a rating card, not in the middle of a conversation', () => {
    expect(shouldOfferRating(mergeMessages([], [msg('1', 'bot', '还有什么可以帮您', { intent: 'order_status' })]))).toBe(false);
    expect(shouldOfferRating(mergeMessages([], [msg('1', 'bot', '不客气，再见', { intent: 'thanks_bye' })]))).toBe(true);
    expect(shouldOfferRating(mergeMessages([], [msg('1', 'agent', '请评价', { cards: [{ type: 'rating', title: '评价' }] })]))).toBe(true);
    expect(shouldOfferRating([])).toBe(false);
  });
});
