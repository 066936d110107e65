import type { KefuWebClient } from '@kefu/shared/src/web-client';
import type { ChatSetup } from '../../../../miniprogram/src/chat/use-chat';

/**
 * What the host mini-program tells the plugin. A plugin may not call wx.login itself, so the host
 * hands over a function that returns a fresh login code and its own appId; the core exchanges it.
 */
export interface KefuPluginSettings {
  /** The Kefu core's https origin (in the plugin's request and socket domain lists). */
  apiBase: string;
  tenantKey: string;
  /** Returns `{ code }` from the host's wx.login() and the host's appId. */
  login: () => Promise<{ code: string; appId: string }>;
}

let settings: KefuPluginSettings | null = null;

export function configure(next: KefuPluginSettings): void {
  settings = next;
}

/** The chat setup for the plugin's page and component; fails visibly when the host forgot configure(). */
export function pluginChatSetup(): ChatSetup {
  const current = settings;
  if (!current) {
    return { target: { apiBase: '', tenantKey: '' }, openSession: () => Promise.reject(new Error('宿主小程序未调用 configure()')) };
  }
  return {
    target: { apiBase: current.apiBase, tenantKey: current.tenantKey },
    openSession: async (client: KefuWebClient) => {
      const { code, appId } = await current.login();
      await client.loginMiniProgram({ tenantKey: current.tenantKey, platform: 'weapp', appId, code });
    },
  };
}
