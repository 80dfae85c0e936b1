import { generateKeyPairSync } from 'node:crypto';
import { writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { MessagingGatewayConfigError } from '../errors/messaging-gateway-config.error';
import { resolveMessagingGatewayOptions } from './resolve-options';

const SECRET = 'a3f1c9e07b5d2468ace13579bdf02468';
const OTHER_SECRET = 'f0e1d2c3b4a5968778695a4b3c2d1e0f';

/** A complete, valid environment; each test breaks one thing. */
function validEnv(): NodeJS.ProcessEnv {
  return {
    EMAIL_REPLY_DOMAIN: 'reply.example.com',
    EMAIL_REPLY_SECRET: SECRET,
    MESSAGES_API_BASE_URL: 'http://localhost:3000/api/v1/messages',
    MESSAGES_API_KEY: 'key',
    SMTP_FROM: 'support@example.com',
    SMTP_HOST: 'smtp.example.com',
  };
}

const IMAP_ENV = { EMAIL_INBOUND_MODE: 'imap', EMAIL_IMAP_HOST: 'h', EMAIL_IMAP_USER: 'u', EMAIL_IMAP_PASS: 'p' };
/** IMAP with OAuth2 client credentials against Microsoft 365, no password. */
const OAUTH_ENV = {
  ...IMAP_ENV,
  EMAIL_IMAP_PASS: undefined,
  EMAIL_IMAP_AUTH: 'oauth2',
  EMAIL_IMAP_OAUTH_TOKEN_URL: 'https://login.microsoftonline.com/contoso.onmicrosoft.com/oauth2/v2.0/token',
  EMAIL_IMAP_OAUTH_CLIENT_ID: '00000000-0000-0000-0000-000000000001',
  EMAIL_IMAP_OAUTH_CLIENT_SECRET: 'client-secret-value',
  EMAIL_IMAP_OAUTH_SCOPE: 'https://outlook.office365.com/.default',
};

function errorFor(env: NodeJS.ProcessEnv, extra: Record<string, unknown> = {}): MessagingGatewayConfigError {
  try {
    resolveMessagingGatewayOptions({ env, ...extra });
  } catch (error) {
    expect(error).toBeInstanceOf(MessagingGatewayConfigError);
    return error as MessagingGatewayConfigError;
  }
  throw new Error('expected a configuration error');
}

describe('validateMessagingGatewayOptions', () => {
  it('accepts a complete environment and applies the documented defaults', () => {
    const options = resolveMessagingGatewayOptions({ env: validEnv() });
    expect(options.inbound.mode).toBe('webhook');
    expect(options.replyTokens.secrets).toEqual([{ kid: '1', secret: SECRET }]);
    expect(options.replyTokens.maxAgeDays).toBe(365);
    expect(options.webhook.maxAgeMs).toBe(300000);
    expect(options.webhook.maxBodyBytes).toBe(31457280);
    expect(options.outbound.expiryHours).toBe(48);
    expect(options.outbound.fromFormat).toBe('{sender} via {product}');
    expect(options.outbound.concurrency).toBe(10);
    expect(options.outbound.softBounceThreshold).toBe(3);
    expect(options.outbound.smtp.port).toBe(587);
    expect(options.outbound.smtp.security).toBe('starttls');
    expect(options.imap.mailbox).toBe('INBOX');
    expect(options.inbound).toMatchObject({
      runWorker: true,
      processInline: true,
      concurrency: 4,
      rawRetentionDays: 30,
    });
    expect(options.redis).toEqual({ url: 'redis://127.0.0.1:6379', prefix: 'mgw' });
  });

  it('reads the inbound worker switches from the environment', () => {
    const options = resolveMessagingGatewayOptions({
      env: {
        ...validEnv(),
        EMAIL_INBOUND_WORKER: 'false',
        EMAIL_INBOUND_PROCESS_INLINE: 'no',
        EMAIL_INBOUND_CONCURRENCY: '8',
      },
    });
    expect(options.inbound).toMatchObject({ runWorker: false, processInline: false, concurrency: 8 });
    expect(errorFor(validEnv(), { inbound: { runWorker: 'yes' } }).setting).toMatch(/EMAIL_INBOUND_WORKER/);
  });

  it('lets explicit options win over the environment', () => {
    const options = resolveMessagingGatewayOptions({ env: validEnv(), replyTokens: { domain: 'r.example.org' } });
    expect(options.replyTokens.domain).toBe('r.example.org');
    expect(options.replyTokens.secrets[0].secret).toBe(SECRET);
  });

  it('reads the rotation list, first key signing, and prefers it over EMAIL_REPLY_SECRET', () => {
    const options = resolveMessagingGatewayOptions({
      env: { ...validEnv(), EMAIL_REPLY_SECRETS: `2:${OTHER_SECRET},1:${SECRET}` },
    });
    expect(options.replyTokens.secrets.map((s) => s.kid)).toEqual(['2', '1']);
  });

  it.each([
    ['EMAIL_REPLY_SECRET', { EMAIL_REPLY_SECRET: 'short' }, /too short/],
    ['EMAIL_REPLY_SECRET', { EMAIL_REPLY_SECRET: 'a'.repeat(40) }, /distinct characters/],
    ['EMAIL_REPLY_SECRET', { EMAIL_REPLY_SECRET: undefined }, /not set/],
    ['EMAIL_REPLY_SECRETS', { EMAIL_REPLY_SECRETS: `1:${SECRET},1:${OTHER_SECRET}` }, /appears twice/],
    ['EMAIL_REPLY_SECRETS', { EMAIL_REPLY_SECRETS: `KEY!:${SECRET}` }, /key id/],
    ['EMAIL_REPLY_SECRETS', { EMAIL_REPLY_SECRETS: SECRET }, /no key id/],
    ['EMAIL_REPLY_DOMAIN', { EMAIL_REPLY_DOMAIN: undefined }, /not set/],
    ['EMAIL_REPLY_DOMAIN', { EMAIL_REPLY_DOMAIN: 'not a domain' }, /not a domain/],
    ['EMAIL_REPLY_TOKEN_MAX_AGE_DAYS', { EMAIL_REPLY_TOKEN_MAX_AGE_DAYS: '0' }, /between 1 and 3650/],
    ['EMAIL_REPLY_TOKEN_MAX_AGE_DAYS', { EMAIL_REPLY_TOKEN_MAX_AGE_DAYS: 'ten' }, /not a whole number/],
    ['EMAIL_REPLY_TOKEN_FORMAT', { EMAIL_REPLY_TOKEN_FORMAT: 'v9' }, /unknown format/],
    ['MESSAGES_API_BASE_URL', { MESSAGES_API_BASE_URL: undefined }, /not set/],
    ['MESSAGES_API_BASE_URL', { MESSAGES_API_BASE_URL: 'localhost:3000' }, /URLs are not supported|not a URL/],
    ['MESSAGES_API_BASE_URL', { MESSAGES_API_BASE_URL: 'ftp://example.com/x' }, /not supported/],
    ['MESSAGES_API_KEY', { MESSAGES_API_KEY: undefined }, /not set/],
    ['EMAIL_INBOUND_MODE', { EMAIL_INBOUND_MODE: 'pigeon' }, /unknown mode/],
    ['EMAIL_WEBHOOK_SECRET', { EMAIL_WEBHOOK_SECRET: 'tiny' }, /too short/],
    ['EMAIL_WEBHOOK_MAX_AGE', { EMAIL_WEBHOOK_MAX_AGE: '-5' }, /between 1/],
    ['EMAIL_WEBHOOK_MAX_BYTES', { EMAIL_WEBHOOK_MAX_BYTES: '0' }, /between 1/],
    ['EMAIL_WEBHOOK_ALLOW_UNSIGNED', { EMAIL_WEBHOOK_ALLOW_UNSIGNED: 'maybe' }, /not a boolean/],
    [
      'EMAIL_WEBHOOK_ALLOW_UNSIGNED',
      { EMAIL_WEBHOOK_ALLOW_UNSIGNED: 'true', NODE_ENV: 'production' },
      /refused in production/,
    ],
    ['EMAIL_WEBHOOK_BASIC_AUTH', { EMAIL_WEBHOOK_BASIC_AUTH: 'nopassword' }, /user:pass/],
    ['RESEND_WEBHOOK_SECRET', { RESEND_WEBHOOK_SECRET: 'abc' }, /whsec_/],
    ['RESEND_API_BASE_URL', { RESEND_API_BASE_URL: 'nope' }, /not a URL/],
    ['MANDRILL_WEBHOOK_URL', { MANDRILL_WEBHOOK_KEY: 'k' }, /not set while MANDRILL_WEBHOOK_KEY/],
    ['SENDGRID_INBOUND_PUBLIC_KEY', { SENDGRID_INBOUND_PUBLIC_KEY: 'bm90IGEga2V5' }, /DER public key/],
    ['SES_SNS_TOPIC_ARNS', { SES_SNS_TOPIC_ARNS: 'topic' }, /not an SNS topic ARN/],
    ['EMAIL_IMAP_HOST', { EMAIL_INBOUND_MODE: 'imap' }, /not set while EMAIL_INBOUND_MODE is imap/],
    [
      'EMAIL_IMAP_PORT',
      { EMAIL_INBOUND_MODE: 'both', EMAIL_IMAP_HOST: 'imap.example.com', EMAIL_IMAP_PORT: '70000' },
      /not a valid port/,
    ],
    ['EMAIL_IMAP_USER', { EMAIL_INBOUND_MODE: 'imap', EMAIL_IMAP_HOST: 'imap.example.com' }, /not set/],
    [
      'EMAIL_IMAP_PASS',
      { EMAIL_INBOUND_MODE: 'imap', EMAIL_IMAP_HOST: 'imap.example.com', EMAIL_IMAP_USER: 'u' },
      /not set/,
    ],
    [
      'EMAIL_IMAP_STARTTLS',
      {
        EMAIL_INBOUND_MODE: 'imap',
        EMAIL_IMAP_HOST: 'h',
        EMAIL_IMAP_USER: 'u',
        EMAIL_IMAP_PASS: 'p',
        EMAIL_IMAP_STARTTLS: 'true',
      },
      /not both/,
    ],
    [
      'EMAIL_IMAP_POLL_INTERVAL',
      {
        EMAIL_INBOUND_MODE: 'imap',
        EMAIL_IMAP_HOST: 'h',
        EMAIL_IMAP_USER: 'u',
        EMAIL_IMAP_PASS: 'p',
        EMAIL_IMAP_POLL_INTERVAL: '5',
      },
      /too short/,
    ],
    ['EMAIL_IMAP_MAILBOX', { ...IMAP_ENV, EMAIL_IMAP_MAILBOX: 'INBOX\r\nA1 DELETE INBOX' }, /control character/],
    ['EMAIL_IMAP_MAILBOX', { ...IMAP_ENV, EMAIL_IMAP_MAILBOX: 'Support*' }, /control character, \* or %/],
    ['EMAIL_IMAP_MAILBOX', { ...IMAP_ENV, EMAIL_IMAP_MAILBOX: 'x'.repeat(256) }, /longer than 255/],
    ['EMAIL_IMAP_PROCESSED_MAILBOX', { ...IMAP_ENV, EMAIL_IMAP_PROCESSED_MAILBOX: 'Done\u0000' }, /control character/],
    ['EMAIL_IMAP_PROCESSED_MAILBOX', { ...IMAP_ENV, EMAIL_IMAP_PROCESSED_MAILBOX: 'inbox' }, /mailbox being read/],
    ['EMAIL_IMAP_AUTH', { ...IMAP_ENV, EMAIL_IMAP_AUTH: 'kerberos' }, /unknown login method "kerberos"/],
    [
      'EMAIL_IMAP_PASS',
      { ...IMAP_ENV, EMAIL_IMAP_PASS: undefined, EMAIL_IMAP_AUTH: 'password' },
      /not set.*EMAIL_IMAP_AUTH=oauth2/,
    ],
    [
      'EMAIL_IMAP_OAUTH_TOKEN_URL',
      { ...OAUTH_ENV, EMAIL_IMAP_OAUTH_TOKEN_URL: undefined },
      /not set while EMAIL_IMAP_AUTH is oauth2.*give imap.accessToken/,
    ],
    [
      'EMAIL_IMAP_OAUTH_TOKEN_URL',
      { ...OAUTH_ENV, EMAIL_IMAP_OAUTH_TOKEN_URL: 'http://login.example.com/token' },
      /not https/,
    ],
    [
      'EMAIL_IMAP_OAUTH_TOKEN_URL',
      { ...OAUTH_ENV, EMAIL_IMAP_OAUTH_TOKEN_URL: 'https://id:secret@login.example.com/token' },
      /credentials in the URL/,
    ],
    ['EMAIL_IMAP_OAUTH_CLIENT_ID', { ...OAUTH_ENV, EMAIL_IMAP_OAUTH_CLIENT_ID: undefined }, /client id/],
    [
      'EMAIL_IMAP_OAUTH_CLIENT_SECRET',
      { ...OAUTH_ENV, EMAIL_IMAP_OAUTH_CLIENT_SECRET: undefined },
      /client credentials grant needs one/,
    ],
    ['EMAIL_IMAP_OAUTH_SCOPE', { ...OAUTH_ENV, EMAIL_IMAP_OAUTH_SCOPE: undefined }, /outlook.office365.com\/.default/],
    ['SMTP_FROM', { SMTP_FROM: undefined }, /not set while EMAIL_OUTBOUND_ENABLED/],
    ['SMTP_FROM', { SMTP_FROM: 'Support <support@example.com>' }, /not an email address/],
    ['SMTP_FROM_NAME', { SMTP_FROM_NAME: 'Evil\r\nBcc: x@y' }, /line breaks/],
    ['SMTP_HOST', { SMTP_HOST: undefined }, /not set while EMAIL_OUTBOUND_ENABLED/],
    ['SMTP_PORT', { SMTP_PORT: '0' }, /not a valid port/],
    ['SMTP_SECURITY', { SMTP_SECURITY: 'ssl3' }, /unknown mode/],
    ['SMTP_PASS', { SMTP_USER: 'u' }, /not set while SMTP_USER/],
    ['SMTP_BACKUP_HOST', { SMTP_BACKUP_HOST: 'bad host!' }, /not a host name/],
    ['EMAIL_EXPIRY_HOURS', { EMAIL_EXPIRY_HOURS: '0' }, /between 1/],
    ['SMTP_FROM_FORMAT', { SMTP_FROM_FORMAT: 'Support team' }, /containing \{sender\}/],
    ['SMTP_FROM_FORMAT', { SMTP_FROM_FORMAT: '{sender}\r\nBcc: x@y' }, /one line/],
    ['EMAIL_SOFT_BOUNCE_THRESHOLD', { EMAIL_SOFT_BOUNCE_THRESHOLD: '0' }, /between 1 and 1000/],
    ['REDIS_URL', { REDIS_URL: 'http://127.0.0.1:6379' }, /not a Redis URL/],
    ['REDIS_URL', { REDIS_URL: '127.0.0.1' }, /not a URL/],
  ])('rejects a bad %s and names it', (variable, change, problem) => {
    const error = errorFor({ ...validEnv(), ...change });
    expect(error.message.startsWith(variable)).toBe(true);
    expect(error.message).toMatch(problem);
    expect(error.message).not.toContain('\n');
    expect(error.code).toBe('EGW_CONFIG');
  });

  it('logs in with OAuth2 without a password: client credentials, or a refresh token without secret or scope', () => {
    const options = resolveMessagingGatewayOptions({ env: { ...validEnv(), ...OAUTH_ENV } });
    expect(options.imap.auth).toBe('oauth2');
    expect(options.imap.pass).toBeUndefined();
    expect(options.imap.oauth.clientId).toBe(OAUTH_ENV.EMAIL_IMAP_OAUTH_CLIENT_ID);
    const refresh = {
      ...OAUTH_ENV,
      EMAIL_IMAP_OAUTH_CLIENT_SECRET: undefined,
      EMAIL_IMAP_OAUTH_SCOPE: undefined,
      EMAIL_IMAP_OAUTH_REFRESH_TOKEN: 'refresh-token',
    };
    expect(resolveMessagingGatewayOptions({ env: { ...validEnv(), ...refresh } }).imap.oauth.refreshToken).toBe(
      'refresh-token',
    );
    // A loopback token endpoint may be plain http (a local proxy, a test server).
    const local = { ...OAUTH_ENV, EMAIL_IMAP_OAUTH_TOKEN_URL: 'http://127.0.0.1:8080/token' };
    expect(resolveMessagingGatewayOptions({ env: { ...validEnv(), ...local } }).imap.oauth.tokenUrl).toMatch(/^http:/);
  });

  it('needs no token endpoint when the host provides its tokens, and takes a provider only under oauth2', () => {
    const accessToken = async (): Promise<string> => 'token';
    const env = { ...validEnv(), ...IMAP_ENV, EMAIL_IMAP_PASS: undefined, EMAIL_IMAP_AUTH: 'oauth2' };
    expect(resolveMessagingGatewayOptions({ env, imap: { accessToken } }).imap.accessToken).toBe(accessToken);
    const given = errorFor({ ...validEnv(), ...IMAP_ENV }, { imap: { accessToken } });
    expect(given.message).toMatch(
      /^imap.accessToken: given while EMAIL_IMAP_AUTH is password; set EMAIL_IMAP_AUTH=oauth2/,
    );
    const notFunction = errorFor(env, { imap: { accessToken: 'a-token' } });
    expect(notFunction.message).toMatch(/^imap.accessToken: is not a function/);
  });

  it('ignores the OAuth2 settings outside oauth2 mode and IMAP settings in webhook mode', () => {
    const env = { ...validEnv(), ...IMAP_ENV, EMAIL_IMAP_OAUTH_TOKEN_URL: 'http://not-checked.example.com/token' };
    expect(resolveMessagingGatewayOptions({ env }).imap.auth).toBe('password');
    const webhook = { ...validEnv(), EMAIL_IMAP_AUTH: 'oauth2' };
    expect(resolveMessagingGatewayOptions({ env: webhook }).inbound.mode).toBe('webhook');
  });

  it('never echoes a secret in its message', () => {
    const error = errorFor({ ...validEnv(), EMAIL_REPLY_SECRET: 'abcdefghij' });
    expect(error.message).not.toContain('abcdefghij');
  });

  it('needs no SMTP or Messages API settings when the host supplies those collaborators', () => {
    class HostQueue {
      async queueEmail(): Promise<string> {
        return 'job';
      }
    }
    class HostClient {}
    const env = { ...validEnv(), SMTP_HOST: undefined, MESSAGES_API_BASE_URL: undefined, MESSAGES_API_KEY: undefined };
    const options = resolveMessagingGatewayOptions({
      env,
      emailQueueService: HostQueue,
      messagesApiClient: HostClient as never,
    });
    expect(options.emailQueueService).toBe(HostQueue);
  });

  it('refuses a missing templatesDir and a List-Unsubscribe that is neither https: nor mailto:', () => {
    expect(errorFor(validEnv(), { outbound: { templatesDir: '/nonexistent/mgw-templates' } }).message).toMatch(
      /does not exist/,
    );
    expect(errorFor(validEnv(), { outbound: { listUnsubscribe: 'http://example.com/u' } }).message).toMatch(
      /not an https: or mailto:/,
    );
  });

  it('needs no SMTP settings when outbound is disabled', () => {
    const env = { ...validEnv(), SMTP_HOST: undefined, SMTP_FROM: undefined, EMAIL_OUTBOUND_ENABLED: 'false' };
    expect(resolveMessagingGatewayOptions({ env }).outbound.enabled).toBe(false);
  });

  it('derives SMTP ports from the security mode and the mode from the port', () => {
    expect(resolveMessagingGatewayOptions({ env: { ...validEnv(), SMTP_SECURITY: 'tls' } }).outbound.smtp.port).toBe(
      465,
    );
    expect(resolveMessagingGatewayOptions({ env: { ...validEnv(), SMTP_PORT: '465' } }).outbound.smtp.security).toBe(
      'tls',
    );
    expect(resolveMessagingGatewayOptions({ env: { ...validEnv(), SMTP_PORT: '25' } }).outbound.smtp.security).toBe(
      'plain',
    );
  });

  describe('sender authentication and DKIM signing', () => {
    const { privateKey } = generateKeyPairSync('rsa', { modulusLength: 1024 });
    const pem = privateKey.export({ type: 'pkcs8', format: 'pem' }).toString();
    const dkimEnv = { SMTP_DKIM_DOMAIN: 'Example.com', SMTP_DKIM_SELECTOR: 'mgw1' };

    it('defaults to record and refuses an unknown policy in one line', () => {
      expect(resolveMessagingGatewayOptions({ env: validEnv() }).senderAuth).toMatchObject({
        policy: 'record',
        dnsTimeoutMs: 3000,
        arcTrustedSealers: [],
      });
      expect(errorFor({ ...validEnv(), EMAIL_SENDER_AUTH: 'strict' }).message).toBe(
        'EMAIL_SENDER_AUTH (senderAuth.policy): unknown policy "strict"; use off, record or enforce.',
      );
    });

    it('reads the DKIM key inline (\\n for line breaks) or from a file', () => {
      const inline = { ...validEnv(), ...dkimEnv, SMTP_DKIM_PRIVATE_KEY: pem.trim().replace(/\n/g, '\\n') };
      expect(resolveMessagingGatewayOptions({ env: inline }).outbound.dkim).toEqual({
        domain: 'example.com',
        selector: 'mgw1',
        privateKey: pem.trim(),
      });
      const file = join(tmpdir(), `mgw-dkim-${process.pid}.pem`);
      writeFileSync(file, pem);
      const fromFile = { ...validEnv(), ...dkimEnv, SMTP_DKIM_PRIVATE_KEY_FILE: file };
      expect(resolveMessagingGatewayOptions({ env: fromFile }).outbound.dkim?.privateKey).toBe(pem);
    });

    it('stops the boot with one line, never echoing the key, when it is malformed, missing or unreadable', () => {
      const bad = errorFor({
        ...validEnv(),
        ...dkimEnv,
        SMTP_DKIM_PRIVATE_KEY: '-----BEGIN PRIVATE KEY-----\\nnotakey',
      });
      expect(bad.message).toMatch(
        /^SMTP_DKIM_PRIVATE_KEY \(outbound\.dkim\.privateKey\): is not a readable PEM private key; give a PEM/,
      );
      expect(bad.message).not.toMatch(/notakey/);
      expect(bad.message).not.toContain('\n');
      expect(errorFor({ ...validEnv(), SMTP_DKIM_DOMAIN: 'example.com' }).setting).toMatch(/SMTP_DKIM_SELECTOR/);
      expect(errorFor({ ...validEnv(), ...dkimEnv, SMTP_DKIM_PRIVATE_KEY_FILE: '/nonexistent/dkim.pem' }).message).toBe(
        'SMTP_DKIM_PRIVATE_KEY_FILE (outbound.dkim.privateKey): cannot read "/nonexistent/dkim.pem" (ENOENT); give the path of a readable PEM file.',
      );
    });
  });
});
