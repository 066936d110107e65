import { ChatView } from '../../components/ChatView';

/** The app's only page: the chat, signed in the platform's own way (platform/identity.ts). */
export default function ChatPage(): JSX.Element {
  return <ChatView />;
}
