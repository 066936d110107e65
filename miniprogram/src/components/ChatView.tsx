import { useEffect, useState } from 'react';
import { ScrollView, Text, View } from '@tarojs/components';
import { currentQuickReplies, isAnswered, shouldOfferRating } from '../chat/card-view';
import { useChat, type ChatSetup } from '../chat/use-chat';
import { pickImage } from '../platform/pick-image';
import { Composer } from './Composer';
import { buildTimeDouyinImId, DouyinImButton } from './DouyinImButton';
import { MessageBubble } from './MessageBubble';
import { QuickReplies } from './QuickReplies';
import { RatingPanel } from './RatingPanel';
import './ChatView.css';

const connectionLabels = { connecting: '连接中…', online: '在线', offline: '网络已断开，正在重连…' } as const;

/**
 * The chat: history, cards, chips, typing indicator, connection state and the rating. The app's
 * page uses it as is; the WeChat plugin and the Douyin component pass their own setup, and the
 * Douyin component its host's `douyinImId` (the tt app uses the build's KEFU_DOUYIN_IM_ID).
 */
export function ChatView({ setup, douyinImId }: { setup?: () => ChatSetup; douyinImId?: string }): JSX.Element {
  const { state, session, apiBase } = useChat(setup);
  const [ratingOpen, setRatingOpen] = useState(false);
  const { entries } = state;
  const say = (text: string) => void session?.send(text);
  const sendPicture = () => {
    pickImage()
      .then((picked) => (picked ? session?.sendImage(picked.bytes, picked.contentType, picked.previewUrl) : undefined))
      .catch(() => undefined); // sendImage reports its own failures in the snapshot; a failed pick just leaves the chat as it was
  };
  const resolveUrl = (url: string) => (url.startsWith('/') ? apiBase + url : url);

  // The rating appears by itself when the conversation comes to an end; the header button asks for it any time.
  const offer = shouldOfferRating(entries);
  useEffect(() => {
    if (offer) setRatingOpen(true);
  }, [offer]);

  const last = entries[entries.length - 1];
  return (
    <View className={`kefu-chat connection-${state.connection}`}>
      <View className='kefu-header'>
        <Text className='kefu-title'>在线客服</Text>
        <Text className='kefu-connection'>{connectionLabels[state.connection]}</Text>
        <Text className='kefu-rate-link' onClick={() => setRatingOpen(true)}>
          评价
        </Text>
        <DouyinImButton imId={douyinImId ?? buildTimeDouyinImId()} />
      </View>
      <ScrollView className='kefu-messages' scrollY scrollWithAnimation scrollIntoView={last?.message.id ? `m${last.message.id}` : undefined}>
        {entries.length === 0 && <Text className='kefu-empty'>您好，请问有什么可以帮您？</Text>}
        {entries.map((entry, index) => (
          <MessageBubble key={entry.key} entry={entry} answered={isAnswered(entries, index)} onAction={say} onRetry={() => session?.networkChanged(true)} resolveUrl={resolveUrl} />
        ))}
        {state.typing && (
          <View className='kefu-typing'>
            <Text>对方正在输入</Text>
            <Text className='kefu-typing-dots'>…</Text>
          </View>
        )}
        {ratingOpen && <RatingPanel rated={state.rated} onRate={(score) => void session?.rate(score)} onClose={() => setRatingOpen(false)} />}
      </ScrollView>
      {state.error && <Text className='kefu-error'>{state.error}</Text>}
      <QuickReplies chips={currentQuickReplies(entries)} onPick={say} />
      <Composer onSend={say} onPickImage={sendPicture} />
    </View>
  );
}

