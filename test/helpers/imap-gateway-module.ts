import type { DynamicModule } from '@nestjs/common';
import type { MessagingGatewayOptions } from 'nestjs-messaging-gateway';
import type { DovecotServer } from './dovecot';
import { gatewayHostImports } from './gateway-imports';
import { testAppEnv } from './test-env';

/**
 * The imports of a host that runs only the gateway's IMAP ingress against one Dovecot mailbox:
 * its own database and Redis prefix, no outbound, no processing (no worker: rows stay `pending`),
 * a 1 s poll.
 * Shared by the e2e suites and the bench.
 */
export function imapGatewayImports(
  databaseUrl: string,
  redisPrefix: string,
  server: DovecotServer,
  imap: MessagingGatewayOptions['imap'] = {},
  inbound: MessagingGatewayOptions['inbound'] = {},
): DynamicModule[] {
  const env = testAppEnv(databaseUrl, redisPrefix, {
    EMAIL_OUTBOUND_ENABLED: 'false',
    MESSAGES_API_BASE_URL: 'http://127.0.0.1:9/api/v1/messages',
  });
  return gatewayHostImports(databaseUrl, {
    env,
    inbound: { mode: 'imap', processInline: false, runWorker: false, ...inbound },
    imap: {
      host: server.host,
      port: server.port,
      secure: false,
      user: server.user,
      pass: server.pass,
      pollIntervalMs: 1000,
      ...imap,
    },
  });
}
