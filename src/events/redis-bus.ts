/**
 * With REDIS_URL, instances share their call events: each publishes what it records on one
 * channel and keeps recent calls in Redis (a day), so every instance's page follows every
 * call and finds any recent call, whoever served it. Redis trouble never reaches a webhook:
 * commands fail fast (no offline queue) and are logged, and the events still go to SQLite.
 */
import { Redis } from 'ioredis';
import type { Logger } from '../log.js';
import type { CallEvent } from './types.js';

const CHANNEL = 'ivr:events';
const LIVE = 'ivr:live';
const KEEP_SECONDS = 24 * 60 * 60;
const MAX_EVENTS_PER_CALL = 500;
const callKey = (callUuid: string): string => `ivr:call:${callUuid}`;
const findKey = (id: string): string => `ivr:find:${id}`;

export interface EventBus {
  publish(events: readonly CallEvent[]): void;
  /** Recent events of the calls active in the last `sinceMs`, oldest first. */
  recent(sinceMs: number): Promise<CallEvent[]>;
  /** Events of one call kept in Redis. */
  call(callUuid: string): Promise<CallEvent[]>;
  /** CallUUIDs kept in Redis for a request UUID or a phone number. */
  find(id: string): Promise<string[]>;
  close(): Promise<void>;
}

export async function connectEventBus(url: string, logger: Logger, onEvent: (event: CallEvent) => void): Promise<EventBus> {
  const options = { enableOfflineQueue: false, maxRetriesPerRequest: 1, lazyConnect: true } as const;
  const client = new Redis(url, options);
  const subscriber = new Redis(url, { maxRetriesPerRequest: 1, lazyConnect: true });
  let warned = false;
  const warn = (error: unknown): void => {
    if (warned) return;
    warned = true;
    logger.warn('call events: Redis is failing; events stay in this instance (and its database file)', { error: error instanceof Error ? error.message : String(error) });
  };
  client.on('error', warn);
  subscriber.on('error', warn);
  client.on('ready', () => { warned = false; });
  await client.connect();
  await subscriber.connect();
  subscriber.on('message', (_channel: string, message: string) => {
    try {
      onEvent(JSON.parse(message) as CallEvent);
    } catch (error) {
      warn(error);
    }
  });
  await subscriber.subscribe(CHANNEL);
  const parse = (items: string[]): CallEvent[] => items.map((item) => JSON.parse(item) as CallEvent);

  return {
    publish(events) {
      if (events.length === 0 || client.status !== 'ready') return;
      const pipeline = client.pipeline();
      for (const event of events) {
        const text = JSON.stringify(event);
        pipeline.publish(CHANNEL, text);
        if (event.kind === 'campaign') continue;
        pipeline.rpush(callKey(event.callUuid), text).ltrim(callKey(event.callUuid), -MAX_EVENTS_PER_CALL, -1).expire(callKey(event.callUuid), KEEP_SECONDS);
        pipeline.zadd(LIVE, event.at, event.callUuid);
        if (event.kind === 'webhook' || event.kind === 'hangup') {
          for (const id of [event.requestUuid, event.from, event.to]) {
            if (id !== undefined) pipeline.sadd(findKey(id), event.callUuid).expire(findKey(id), KEEP_SECONDS);
          }
        }
      }
      pipeline.zremrangebyscore(LIVE, '-inf', Date.now() - KEEP_SECONDS * 1000);
      pipeline.exec().catch(warn);
    },
    async recent(sinceMs) {
      if (client.status !== 'ready') return [];
      const calls = await client.zrangebyscore(LIVE, Date.now() - sinceMs, '+inf');
      const lists = await Promise.all(calls.map((id) => client.lrange(callKey(id), 0, -1)));
      return parse(lists.flat()).sort((a, b) => a.at - b.at);
    },
    async call(callUuid) {
      if (client.status !== 'ready') return [];
      return parse(await client.lrange(callKey(callUuid), 0, -1));
    },
    async find(id) {
      if (client.status !== 'ready') return [];
      return client.smembers(findKey(id));
    },
    async close() {
      subscriber.disconnect();
      client.disconnect();
    },
  };
}
