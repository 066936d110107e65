import { Button, Image, Text, View } from '@tarojs/components';
import Taro from '@tarojs/taro';
import type { Card } from '@kefu/shared/src/messages';
import { cardView, type Field, type Link } from '../../chat/card-view';

interface Props {
  card: Card;
  /** Sends a button's text as the shopper's next message. */
  onAction: (text: string) => void;
  /** A confirmation already answered keeps its buttons, disabled. */
  answered: boolean;
}

/** One rich card, drawn natively from its view model (see chat/card-view.ts). */
export function CardBlock({ card, onAction, answered }: Props): JSX.Element | null {
  const view = cardView(card);
  switch (view.kind) {
    case 'order':
      return (
        <View className={`kefu-card kefu-card-order state-${view.state ?? 'none'}`}>
          <Text className='kefu-card-title'>{view.title}</Text>
          <Fields fields={view.fields} />
          {view.link && <LinkButton link={view.link} />}
        </View>
      );
    case 'product':
      return (
        <View className='kefu-card kefu-card-product'>
          {view.imageUrl && <Image className='kefu-product-image' src={view.imageUrl} mode='aspectFill' />}
          <View className='kefu-product-info'>
            <Text className='kefu-card-title'>{view.title}</Text>
            {view.body && <Text className='kefu-card-body'>{view.body}</Text>}
            {view.price && <Text className='kefu-product-price'>{view.price}</Text>}
            {view.stock && <Text className={view.soldOut ? 'kefu-product-stock sold-out' : 'kefu-product-stock'}>库存 {view.stock}</Text>}
            <Fields fields={view.fields} />
            {view.buy ? <LinkButton link={view.buy} primary /> : view.soldOut && <Text className='kefu-muted'>暂时缺货</Text>}
          </View>
        </View>
      );
    case 'logistics':
      return (
        <View className='kefu-card kefu-card-logistics'>
          <Text className='kefu-card-title'>{view.title}</Text>
          <Fields fields={view.fields} />
          <View className='kefu-timeline'>
            {view.steps.map((step, i) => (
              <View key={i} className={step.latest ? 'kefu-step latest' : 'kefu-step'}>
                <View className='kefu-step-dot' />
                <View className='kefu-step-text'>
                  <Text className='kefu-step-desc'>{step.text}</Text>
                  <Text className='kefu-step-time'>{step.time}</Text>
                </View>
              </View>
            ))}
          </View>
        </View>
      );
    case 'refund':
      return (
        <View className={`kefu-card kefu-card-refund tone-${view.tone}`}>
          <Text className='kefu-card-title'>{view.title}</Text>
          <Fields fields={view.fields} />
        </View>
      );
    case 'confirmation':
      return (
        <View className='kefu-card kefu-card-confirmation'>
          <Text className='kefu-card-title'>{view.title}</Text>
          {view.body && <Text className='kefu-card-body'>{view.body}</Text>}
          <Fields fields={view.fields} />
          <View className='kefu-card-buttons'>
            {view.buttons.map((b) => (
              <Button key={b.text} className={b.primary ? 'kefu-btn primary' : 'kefu-btn'} disabled={answered} onClick={() => !answered && onAction(b.text)}>
                {b.label}
              </Button>
            ))}
          </View>
        </View>
      );
    case 'quick_replies':
      // Shown as chips above the input while they are the newest suggestions (see QuickReplies).
      return null;
    case 'rating':
      return (
        <View className='kefu-card kefu-card-rating-ask'>
          <Text className='kefu-card-title'>{view.title}</Text>
          {view.body && <Text className='kefu-card-body'>{view.body}</Text>}
        </View>
      );
  }
}

function Fields({ fields }: { fields: Field[] }): JSX.Element | null {
  if (fields.length === 0) return null;
  return (
    <View className='kefu-fields'>
      {fields.map((f, i) => (
        <View key={i} className='kefu-field'>
          <Text className='kefu-field-label'>{f.label}</Text>
          <Text className='kefu-field-value'>{f.value}</Text>
        </View>
      ))}
    </View>
  );
}

/** Web links open in the browser; a mini-program path (starting with /) navigates inside the app. */
function LinkButton({ link, primary }: { link: Link; primary?: boolean }): JSX.Element {
  const open = () => {
    if (link.url.startsWith('/')) void Taro.navigateTo({ url: link.url });
    else if (process.env.TARO_ENV === 'h5') window.open(link.url, '_blank', 'noopener');
    else void Taro.setClipboardData({ data: link.url });
  };
  return (
    <Button className={primary ? 'kefu-btn primary kefu-link' : 'kefu-btn kefu-link'} onClick={open}>
      {link.label}
    </Button>
  );
}
