import { ChatView } from '../../../../../../miniprogram/src/components/ChatView';
import { pluginChatSetup } from '../../settings';

/** plugin://kefu/chat: the whole chat as a page. */
export default function PluginChatPage(): JSX.Element {
  return <ChatView setup={pluginChatSetup} />;
}
