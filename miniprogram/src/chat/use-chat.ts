import { useEffect, useRef, useState } from 'react';
import { KefuWebClient } from '@kefu/shared/src/web-client';
import { onNetworkChange, platformFetch, platformSocket } from '../platform/transport';
import { chatTarget, openSession, type ChatTarget } from '../platform/identity';
import { ChatSession, type ChatSnapshot } from './chat-session';
import { createEmbedBridge } from './embed-bridge';

const initial: ChatSnapshot = { entries: [], typing: false, connection: 'connecting', rated: null, error: null };

export interface ChatSetup {
  target: ChatTarget;
  /** How the shopper signs in; the default is the platform's own (see platform/identity.ts). */
  openSession?: (client: KefuWebClient) => Promise<void>;
}

/** Binds one ChatSession to a component's life: started on mount, stopped on unmount. */
export function useChat(setup?: () => ChatSetup): { state: ChatSnapshot; session: ChatSession | null; apiBase: string } {
  const [state, setState] = useState<ChatSnapshot>(initial);
  const [apiBase, setApiBase] = useState('');
  const sessionRef = useRef<ChatSession | null>(null);

  useEffect(() => {
    const { target, openSession: signIn } = setup?.() ?? { target: chatTarget() };
    setApiBase(target.apiBase);
    const client = new KefuWebClient(target.apiBase, platformFetch);
    const bridge = createEmbedBridge(client);
    const onChange = (snapshot: ChatSnapshot) => {
      setState(snapshot);
      bridge?.(snapshot);
    };
    const session = new ChatSession({ client, createSocket: platformSocket, openSession: () => (signIn ? signIn(client) : openSession(client, target)), onChange });
    sessionRef.current = session;
    const unsubscribe = onNetworkChange((online) => session.networkChanged(online));
    // A failed start is already shown through the snapshot's error.
    session.start().catch(() => undefined);
    return () => {
      unsubscribe();
      session.stop();
    };
  }, []);

  return { state, session: sessionRef.current, apiBase };
}
