import { randomBytes } from 'node:crypto';

/** A fresh random secret that passes the 32-character rule. */
export const testSecret = (): string => randomBytes(32).toString('hex');

/**
 * The environment a reference app under test runs with: its own database and Redis prefix,
 * random port, no generated-secrets file, quiet logs. Overrides win.
 */
export function testAppEnv(
  databaseUrl: string,
  redisPrefix: string,
  overrides: NodeJS.ProcessEnv = {},
): NodeJS.ProcessEnv {
  return {
    NODE_ENV: 'test',
    PORT: '0',
    LOG_LEVEL: 'silent',
    DATABASE_URL: databaseUrl,
    REDIS_URL: process.env.TEST_REDIS_URL ?? 'redis://127.0.0.1:6379',
    MESSAGING_GATEWAY_REDIS_PREFIX: redisPrefix,
    EMAIL_REPLY_DOMAIN: 'reply.test.example',
    EMAIL_REPLY_SECRET: testSecret(),
    EMAIL_WEBHOOK_SECRET: testSecret(),
    MESSAGES_API_KEY: testSecret(),
    SESSION_SECRET: testSecret(),
    SMTP_FROM: 'support@test.example',
    // The sandbox's DNS is not the internet: suites that check senders inject a DNS table
    // (senderAuth.dnsResolver) and set the policy themselves.
    EMAIL_SENDER_AUTH: 'off',
    // The in-process capture server on a free port, so parallel suites never collide.
    DEV_MAIL_CAPTURE_PORT: '0',
    DEV_SECRETS_FILE: `/tmp/mgw-test-secrets-${process.pid}-${randomBytes(4).toString('hex')}.json`,
    RELAY_LOG_FILE: `/tmp/mgw-test-relay-${process.pid}-${randomBytes(4).toString('hex')}.log`,
    ...overrides,
  };
}
