import { readBoolean } from './env-values';

/** NIST SP 800-63B asks for at least 8; an admin console that can send mail gets 12. */
const MIN_ADMIN_PASSWORD_LENGTH = 12;
/** Words that ship as defaults or top every leaked-password list; with digits and symbols around them they are still guessed first. */
const DEFAULT_WORDS = new Set([
  'admin',
  'administrator',
  'password',
  'passw',
  'changeme',
  'letmein',
  'secret',
  'welcome',
  'qwerty',
  'root',
  'toor',
  'default',
  'test',
]);
const GENERATE_HINT = 'openssl rand -base64 18 makes a strong one';

/**
 * What production refuses to start with, each as one line that names the variable and the fix
 * (bootstrap prints "Cannot start: …"): an unsigned relay, which would queue mail such as a
 * password reset with anyone's link; no admin credential; a weak or default admin password.
 * Development keeps its freedom (generated secrets, short test passwords).
 */
export function refuseUnsafeProductionSettings(env: NodeJS.ProcessEnv): void {
  if (readBoolean('RELAY_ALLOW_UNSIGNED', env.RELAY_ALLOW_UNSIGNED, false)) {
    throw new Error(
      'RELAY_ALLOW_UNSIGNED: refused in production (anyone could send mail through the relay); remove it, set RELAY_WEBHOOK_SECRET and sign requests.',
    );
  }
  const email = env.ADMIN_EMAIL?.trim();
  const password = env.ADMIN_PASSWORD ?? '';
  if (!email) throw new Error('ADMIN_EMAIL: required in production; set ADMIN_EMAIL and ADMIN_PASSWORD.');
  if (!password)
    throw new Error(
      `ADMIN_PASSWORD: required in production; set a password of at least ${MIN_ADMIN_PASSWORD_LENGTH} characters (${GENERATE_HINT}).`,
    );
  const weakness = adminPasswordWeakness(password, email);
  if (weakness) throw new Error(`ADMIN_PASSWORD: ${weakness}; set another (${GENERATE_HINT}).`);
}

/** Why a password is too weak for production, or undefined when it is acceptable. */
export function adminPasswordWeakness(password: string, email: string): string | undefined {
  if (password.length < MIN_ADMIN_PASSWORD_LENGTH) {
    return `shorter than ${MIN_ADMIN_PASSWORD_LENGTH} characters`;
  }
  const letters = password.toLowerCase().replace(/[^a-z]/g, '');
  if (DEFAULT_WORDS.has(letters)) return 'a default password';
  const localPart = email.toLowerCase().split('@')[0];
  if (localPart.length >= 3 && password.toLowerCase().includes(localPart)) return 'contains the admin address';
  if (new Set(password).size < 5) return 'fewer than 5 different characters';
  return undefined;
}
