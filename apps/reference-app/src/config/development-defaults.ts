import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';

/** Secrets generated for development, kept across restarts so that reply tokens stay valid. */
const GENERATED_SECRETS = [
  'EMAIL_REPLY_SECRET',
  'EMAIL_WEBHOOK_SECRET',
  'MESSAGES_API_KEY',
  'SESSION_SECRET',
  'ADMIN_PASSWORD',
] as const;

/** The environment with development defaults, and the secrets this machine generated for it. */
export interface DevelopmentEnvironment {
  env: NodeJS.ProcessEnv;
  /** Names of the variables filled from `.data/dev-secrets.json`: the banner prints these and no others. */
  generated: ReadonlySet<string>;
}

/**
 * Lets `npm start` work on a fresh machine with no .env: outside production, unset secrets are
 * generated once and stored in `.data/dev-secrets.json` (git-ignored), and local defaults are
 * filled in. A variable that is set is never replaced, so a bad value still fails validation.
 * In production nothing is filled in: every secret must be configured.
 */
export function withDevelopmentDefaults(
  env: NodeJS.ProcessEnv,
  secretsFile = env.DEV_SECRETS_FILE || '.data/dev-secrets.json',
): DevelopmentEnvironment {
  const generated = new Set<string>();
  if (env.NODE_ENV === 'production') return { env, generated };
  const port = env.PORT || '3000';
  const filled: NodeJS.ProcessEnv = {
    EMAIL_REPLY_DOMAIN: 'reply.localhost',
    MESSAGES_API_BASE_URL: `http://127.0.0.1:${port}/api/v1/messages`,
    SMTP_FROM: 'support@localhost',
    // No SMTP_HOST: mail goes to the in-process dev capture server (see the Dev mailbox page).
    ...(env.SMTP_HOST
      ? {}
      : {
          SMTP_HOST: '127.0.0.1',
          // 0 picks a free port; bootstrap then points SMTP_PORT at the port actually bound.
          SMTP_PORT: env.DEV_MAIL_CAPTURE_PORT || '1025',
          SMTP_SECURITY: 'plain',
          DEV_MAIL_CAPTURE: 'true',
        }),
    // The development login, printed at start (the password is generated below).
    ...(env.ADMIN_EMAIL ? {} : { ADMIN_EMAIL: 'admin@localhost' }),
    ...env,
  };
  const stored = readSecrets(secretsFile);
  let changed = false;
  for (const name of GENERATED_SECRETS) {
    if (filled[name] !== undefined) continue;
    if (name === 'EMAIL_REPLY_SECRET' && filled.EMAIL_REPLY_SECRETS) continue;
    if (name === 'ADMIN_PASSWORD' && env.ADMIN_EMAIL) continue;
    if (!stored[name]) {
      // The login password is typed by a person: 16 characters, about 96 bits.
      stored[name] =
        name === 'ADMIN_PASSWORD' ? randomBytes(12).toString('base64url') : randomBytes(32).toString('hex');
      changed = true;
    }
    filled[name] = stored[name];
    generated.add(name);
  }
  if (changed) writeSecrets(secretsFile, stored);
  return { env: filled, generated };
}

function readSecrets(file: string): Record<string, string> {
  return existsSync(file) ? (JSON.parse(readFileSync(file, 'utf8')) as Record<string, string>) : {};
}

function writeSecrets(file: string, secrets: Record<string, string>): void {
  mkdirSync(dirname(file), { recursive: true });
  writeFileSync(file, JSON.stringify(secrets, null, 2), { mode: 0o600 });
}
