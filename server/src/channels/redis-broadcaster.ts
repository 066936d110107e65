import Redis from 'ioredis';
import type { WebSocketFrame } from '@kefu/shared';
import type { FrameBroadcaster } from '@kefu/adapter-web';

/** WebSocket fan-out between processes: every process subscribes and relays frames to its own sockets. */
export class RedisBroadcaster implements FrameBroadcaster {
  private readonly publisher: Redis;
  private readonly subscriber: Redis;
  private readonly channel: string;

  constructor(redisUrl: string, prefix: string) {
    this.publisher = new Redis(redisUrl);
    this.subscriber = new Redis(redisUrl);
    this.channel = `${prefix}:web-frames`;
  }

  async publish(recipientKey: string, frame: WebSocketFrame): Promise<void> {
    await this.publisher.publish(this.channel, JSON.stringify({ recipientKey, frame }));
  }

  async subscribe(onFrame: (recipientKey: string, frame: WebSocketFrame) => void): Promise<void> {
    this.subscriber.on('message', (_channel: string, data: string) => {
      const { recipientKey, frame } = JSON.parse(data) as { recipientKey: string; frame: WebSocketFrame };
      onFrame(recipientKey, frame);
    });
    await this.subscriber.subscribe(this.channel);
  }

  async close(): Promise<void> {
    this.publisher.disconnect();
    this.subscriber.disconnect();
  }
}
