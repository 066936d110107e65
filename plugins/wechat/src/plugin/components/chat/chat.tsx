import { ChatView } from '../../../../../../miniprogram/src/components/ChatView';
import { pluginChatSetup } from '../../settings';

/** <kefu-chat/>: the chat as a component, for a host page that frames it itself. */
export default function PluginChatComponent(): JSX.Element {
  return <ChatView setup={pluginChatSetup} />;
}
