import { ChatView } from '../../../../../miniprogram/src/components/ChatView';
import type { ChatSetup } from '../../../../../miniprogram/src/chat/use-chat';

/** What the host page passes: `<kefu-chat props="{{kefu}}" />` with `kefu: { apiBase, tenantKey, douyinImId? }`. */
export interface KefuChatProps {
  /** The Kefu core's https origin (in the mini-app's request and socket domain lists). */
  apiBase?: string;
  tenantKey?: string;
  /** The 抖音号 for the 联系抖音客服 (open-type="im") button; leave out to hide it. */
  douyinImId?: string;
}

/**
 * <kefu-chat/>: the chat as a native Douyin custom component. Unlike a WeChat plugin, copied-in
 * component code runs as the host app's own, so it signs in with tt.login itself (the default setup).
 */
export default function KefuChat({ apiBase, tenantKey, douyinImId }: KefuChatProps): JSX.Element {
  const setup = (): ChatSetup => ({ target: { apiBase: apiBase || KEFU_API_BASE, tenantKey: tenantKey || KEFU_TENANT_KEY } });
  return <ChatView setup={setup} douyinImId={douyinImId ?? KEFU_DOUYIN_IM_ID} />;
}
