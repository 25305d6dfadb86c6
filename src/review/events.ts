/**
 * Live review updates: every transition script PUBLISHes one message on keys.reviewEvents. One subscriber
 * connection per process (made on first use) fans them out to however many SSE clients are listening.
 */
import type { Redis } from 'ioredis';
import { WAITING_OPTIONS } from '../redis/connection';
import { parseReviewEvent } from './store';
import type { ReviewEvent } from './types';

export type ReviewEventListener = (event: ReviewEvent) => void;

export class ReviewEventHub {
  private subscriber: Redis | null = null;
  private ready: Promise<unknown> | null = null;
  private readonly listeners = new Set<ReviewEventListener>();

  constructor(private readonly redis: Redis, private readonly channel: string) {}

  /** Starts delivering events to `listener` once the subscription is live; returns the unsubscribe function. */
  async subscribe(listener: ReviewEventListener): Promise<() => void> {
    this.listeners.add(listener);
    if (!this.subscriber) {
      // A subscribed connection can do nothing else, so it is a separate one. It waits out a Redis restart and
      // re-subscribes (even when the connection it is made from fails fast, as the API's do).
      const sub = this.redis.duplicate(WAITING_OPTIONS);
      sub.on('message', (_channel: string, message: string) => {
        const event = parseReviewEvent(message);
        if (event) for (const l of this.listeners) l(event);
      });
      this.subscriber = sub;
      this.ready = sub.subscribe(this.channel);
    }
    await this.ready;
    return () => {
      this.listeners.delete(listener);
    };
  }

  get listenerCount(): number {
    return this.listeners.size;
  }

  async close(): Promise<void> {
    this.listeners.clear();
    const sub = this.subscriber;
    this.subscriber = null;
    if (sub) await sub.quit().catch(() => sub.disconnect());
  }
}
