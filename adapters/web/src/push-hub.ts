import type { WebSocketFrame } from '@kefu/shared';

/** Carries frames between processes (Redis pub/sub in production) or within one (embedded). */
export interface FrameBroadcaster {
  publish(recipientKey: string, frame: WebSocketFrame): Promise<void>;
  subscribe(onFrame: (recipientKey: string, frame: WebSocketFrame) => void): Promise<void>;
  close(): Promise<void>;
}

export interface FrameSocket {
  send(data: string): void;
  readonly readyState: number;
}

const OPEN = 1;

/** The process-local side: which sockets belong to which shopper; frames from the broadcaster reach them. */
export class PushHub {
  private readonly sockets = new Map<string, Set<FrameSocket>>();

  constructor(private readonly broadcaster: FrameBroadcaster) {}

  async start(): Promise<void> {
    await this.broadcaster.subscribe((key, frame) => this.deliverLocally(key, frame));
  }

  attach(recipientKey: string, socket: FrameSocket): () => void {
    const set = this.sockets.get(recipientKey) ?? new Set<FrameSocket>();
    set.add(socket);
    this.sockets.set(recipientKey, set);
    return () => {
      set.delete(socket);
      if (set.size === 0) this.sockets.delete(recipientKey);
    };
  }

  publish(recipientKey: string, frame: WebSocketFrame): Promise<void> {
    return this.broadcaster.publish(recipientKey, frame);
  }

  connectionCount(): number {
    let count = 0;
    for (const set of this.sockets.values()) count += set.size;
    return count;
  }

  private deliverLocally(recipientKey: string, frame: WebSocketFrame): void {
    const data = JSON.stringify(frame);
    for (const socket of this.sockets.get(recipientKey) ?? []) {
      if (socket.readyState === OPEN) socket.send(data);
    }
  }
}

/** Single-process broadcaster for the embedded set-up. */
export class LocalBroadcaster implements FrameBroadcaster {
  private handler?: (recipientKey: string, frame: WebSocketFrame) => void;

  async publish(recipientKey: string, frame: WebSocketFrame): Promise<void> {
    this.handler?.(recipientKey, frame);
  }

  async subscribe(onFrame: (recipientKey: string, frame: WebSocketFrame) => void): Promise<void> {
    this.handler = onFrame;
  }

  async close(): Promise<void> {
    this.handler = undefined;
  }
}

export function recipientKey(channelAccountId: number | string, externalUserId: string): string {
  return `${channelAccountId}:${externalUserId}`;
}
