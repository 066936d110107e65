import { EventEmitter } from 'node:events';
import Redis from 'ioredis';

/**
 * Notifications between the processes of one deployment, by topic: Redis pub/sub when there is
 * Redis, an in-process emitter otherwise. Fire and forget, as Redis pub/sub is: a message published
 * while a subscriber reconnects is lost, so whoever waits on one keeps a slower check of its own.
 */
export interface PubSub {
  publish(topic: string, message: string): Promise<void>;
  /** Calls `onMessage` for every message on `topic` from now on, this process's own included. */
  subscribe(topic: string, onMessage: (message: string) => void): Promise<void>;
  close(): Promise<void>;
}

/** The embedded set-up: one process, so an emitter is the whole fan-out. */
export class LocalPubSub implements PubSub {
  private readonly emitter = new EventEmitter();

  async publish(topic: string, message: string): Promise<void> {
    this.emitter.emit(topic, message);
  }

  async subscribe(topic: string, onMessage: (message: string) => void): Promise<void> {
    this.emitter.on(topic, onMessage);
  }

  async close(): Promise<void> {
    this.emitter.removeAllListeners();
  }
}

/**
 * One publishing and one subscribing connection per process, shared by every topic (WebSocket
 * frames, wake-ups), because a subscribed Redis connection can do nothing else.
 */
export class RedisPubSub implements PubSub {
  private readonly publisher: Redis;
  private readonly subscriber: Redis;
  private readonly handlers = new Map<string, ((message: string) => void)[]>();

  constructor(redisUrl: string, private readonly prefix: string) {
    this.publisher = new Redis(redisUrl);
    // No ready check on the subscriber: a SUBSCRIBE queued before the check's INFO puts the connection
    // in subscriber mode, the INFO then fails as a fatal error, and under load the subscription was
    // lost (seen in the row-cache test). A subscriber needs nothing from INFO.
    this.subscriber = new Redis(redisUrl, { enableReadyCheck: false });
    this.subscriber.on('message', (channel: string, message: string) => {
      for (const handler of this.handlers.get(channel) ?? []) handler(message);
    });
  }

  async publish(topic: string, message: string): Promise<void> {
    await this.publisher.publish(this.channel(topic), message);
  }

  async subscribe(topic: string, onMessage: (message: string) => void): Promise<void> {
    const channel = this.channel(topic);
    const handlers = this.handlers.get(channel) ?? [];
    handlers.push(onMessage);
    this.handlers.set(channel, handlers);
    if (handlers.length === 1) await this.subscriber.subscribe(channel);
  }

  async close(): Promise<void> {
    this.publisher.disconnect();
    this.subscriber.disconnect();
  }

  /** `<prefix>:web-frames` is the channel name the WebSocket fan-out has always used. */
  private channel(topic: string): string {
    return `${this.prefix}:${topic}`;
  }
}
