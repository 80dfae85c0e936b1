import { group, withDefault } from '../option';

/** Redis used by the gateway's queues, caches and locks. */
export const redisOptions = group({
  /** redis:// or rediss:// URL; a `/N` database index is honoured (REDIS_URL). @default 'redis://127.0.0.1:6379' */
  url: withDefault('redis://127.0.0.1:6379', {
    env: 'REDIS_URL',
    check: (value, fail) => {
      let url: URL;
      try {
        url = new URL(value);
      } catch {
        return fail(`"${value}" is not a URL`, 'use redis://host:6379 or rediss:// for TLS');
      }
      if (url.protocol !== 'redis:' && url.protocol !== 'rediss:') {
        fail(`"${url.protocol}" is not a Redis URL`, 'use redis://host:6379 or rediss:// for TLS');
      }
    },
  }),
  /** Prefix of every key the gateway writes: queues, caches, locks (MESSAGING_GATEWAY_REDIS_PREFIX). @default 'mgw' */
  prefix: withDefault('mgw', {
    env: 'MESSAGING_GATEWAY_REDIS_PREFIX',
    check: (value, fail) => {
      if (!/^[\w:.-]{1,64}$/.test(value)) {
        fail(`"${value}" has characters that do not belong in a key prefix`, 'use letters, digits, _ - . and :');
      }
    },
  }),
});
