import { Image, Text, View } from '@tarojs/components';
import type { ChatEntry } from '../chat/message-list';
import { CardBlock } from './cards/CardBlock';

interface Props {
  entry: ChatEntry;
  answered: boolean;
  onAction: (text: string) => void;
  onRetry: () => void;
  /** Resolves the server's relative image URLs against the API the chat talks to. */
  resolveUrl: (url: string) => string;
}

const roleLabels = { shopper: '我', bot: '智能客服', agent: '人工客服' } as const;

/** One message: the text bubble, its cards underneath, and the delivery state of the shopper's own lines. */
export function MessageBubble({ entry, answered, onAction, onRetry, resolveUrl }: Props): JSX.Element {
  const { message, delivery } = entry;
  const mine = message.role === 'shopper';
  return (
    <View className={`kefu-message role-${message.role}`} id={message.id ? `m${message.id}` : undefined}>
      {!mine && <Text className='kefu-author'>{roleLabels[message.role]}</Text>}
      {message.imageUrl ? (
        <View className='kefu-bubble kefu-image-bubble'>
          <Image className='kefu-image' src={resolveUrl(message.imageUrl)} mode='widthFix' />
        </View>
      ) : message.text !== '' && (
        <View className='kefu-bubble'>
          <Text className='kefu-text' userSelect>
            {message.text}
          </Text>
        </View>
      )}
      {(message.cards ?? []).map((card, i) => (
        <CardBlock key={i} card={card} answered={answered} onAction={onAction} />
      ))}
      {mine && delivery === 'sending' && <Text className='kefu-delivery'>发送中…</Text>}
      {mine && delivery === 'failed' && (
        <Text className='kefu-delivery failed' onClick={onRetry}>
          未发送，联网后自动重发
        </Text>
      )}
    </View>
  );
}
