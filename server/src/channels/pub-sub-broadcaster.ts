import type { WebSocketFrame } from '@kefu/shared';
import type { FrameBroadcaster } from '@kefu/adapter-web';
import type { PubSub } from './pub-sub';

const TOPIC = 'web-frames';

/** WebSocket fan-out between processes: every process subscribes and relays frames to its own sockets. */
export class PubSubBroadcaster implements FrameBroadcaster {
  constructor(private readonly pubsub: PubSub) {}

  async publish(recipientKey: string, frame: WebSocketFrame): Promise<void> {
    await this.pubsub.publish(TOPIC, JSON.stringify({ recipientKey, frame }));
  }

  async subscribe(onFrame: (recipientKey: string, frame: WebSocketFrame) => void): Promise<void> {
    await this.pubsub.subscribe(TOPIC, (data) => {
      const { recipientKey, frame } = JSON.parse(data) as { recipientKey: string; frame: WebSocketFrame };
      onFrame(recipientKey, frame);
    });
  }

  /** The pub/sub belongs to the channel services, which close it. */
  async close(): Promise<void> {}
}
