import { type ChildProcess, execFileSync, spawn } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync, chownSync, chmodSync } from 'node:fs';
import { connect } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createSelfSignedCertificate, freePort } from './self-signed-cert';

/**
 * A real Dovecot IMAP server for tests and the bench: installed with apt-get when missing,
 * configured in a temporary folder (passwd-file user, maildir), started in the foreground as a
 * child process on random ports of 127.0.0.1, and stopped (or killed) on demand.
 */
export interface DovecotServer {
  host: string;
  /** Plain IMAP port; offers STARTTLS when started with `tls: true`. */
  port: number;
  /** Implicit-TLS port (the 993 role), only with `tls: true`. */
  tlsPort?: number;
  user: string;
  pass: string;
  /** The user's maildir, for writing messages while the server is down. */
  maildir: string;
  /** Dovecot's log so far (logins name their SASL mechanism: `method=XOAUTH2`). */
  log(): string;
  /** SIGKILLs the whole Dovecot process group: every client connection drops at once. */
  kill(): Promise<void>;
  /** Starts again on the same ports, configuration and mail. */
  start(): Promise<void>;
  /** Stops the server and removes its folder. */
  stop(): Promise<void>;
}

export interface DovecotStartOptions {
  /** Self-signed certificate: STARTTLS on `port`, implicit TLS on `tlsPort`. @default false */
  tls?: boolean;
  /**
   * Also accept OAuth2 bearer tokens for the user, checked by Dovecot's `oauth2` passdb: each
   * login POSTs the token to this RFC 7662 introspection URL (no cache, so a revoked token fails
   * at the next login). The password keeps working for PLAIN/LOGIN, so tests can still APPEND.
   */
  oauth2?: {
    introspectionUrl: string;
    /** The SASL mechanisms offered: Microsoft 365 offers XOAUTH2 only, Gmail both. @default ['xoauth2'] */
    mechanisms?: ('xoauth2' | 'oauthbearer')[];
  };
}

/** The one mail user of every test server (an OAuth2 token must name it). */
export const DOVECOT_USER = 'support';
const DOVECOT_BINARY_CANDIDATES = ['/usr/sbin/dovecot', '/usr/local/sbin/dovecot'];
const APT_LOCK = join(tmpdir(), 'mgw-dovecot-apt.lock');
const READY_TIMEOUT_MS = 15_000;

export async function startDovecot(options: DovecotStartOptions = {}): Promise<DovecotServer> {
  const binary = ensureDovecotInstalled();
  const root = mkdtempSync(join(tmpdir(), 'mgw-dovecot-'));
  chmodSync(root, 0o755);
  const [port, tlsPort] = await Promise.all([freePort(), options.tls ? freePort() : Promise.resolve(undefined)]);
  const user = DOVECOT_USER;
  const pass = 'imap-test-password';
  const mailUser = mailOwner();
  const mailRoot = join(root, 'mail');
  mkdirSync(join(mailRoot, user), { recursive: true });
  for (const dir of [mailRoot, join(mailRoot, user)]) chownSync(dir, mailUser.uid, mailUser.gid);
  writeFileSync(join(root, 'passwd'), `${user}:{PLAIN}${pass}::::::\n`);
  if (options.tls) createSelfSignedCertificate(root);
  const configPath = join(root, 'dovecot.conf');
  const oauth2 = options.oauth2 ? (options.oauth2.mechanisms ?? ['xoauth2']) : [];
  if (options.oauth2) writeFileSync(join(root, 'oauth2.conf.ext'), oauth2Config(options.oauth2.introspectionUrl));
  writeFileSync(configPath, dovecotConfig({ root, port, tlsPort, mailUser, tls: !!options.tls, oauth2 }));

  let child: ChildProcess | undefined;
  const start = async (): Promise<void> => {
    child = spawn(binary, ['-F', '-c', configPath], { detached: true, stdio: ['ignore', 'ignore', 'pipe'] });
    let stderr = '';
    child.stderr?.on('data', (chunk: Buffer) => (stderr = (stderr + chunk.toString()).slice(-4000)));
    try {
      await waitForGreeting(port);
    } catch (error) {
      killGroup(child, 'SIGKILL');
      throw new Error(`Dovecot did not start on port ${port}: ${(error as Error).message}\n${stderr}`);
    }
  };
  const kill = async (): Promise<void> => {
    if (!child) return;
    const exited = waitForExit(child);
    killGroup(child, 'SIGKILL');
    await exited;
    child = undefined;
  };
  await start();
  return {
    host: '127.0.0.1',
    port,
    tlsPort,
    user,
    pass,
    maildir: join(mailRoot, user),
    log: () => (existsSync(join(root, 'dovecot.log')) ? readFileSync(join(root, 'dovecot.log'), 'utf8') : ''),
    kill,
    start,
    stop: async () => {
      if (child) {
        const exited = waitForExit(child);
        killGroup(child, 'SIGTERM');
        const timer = setTimeout(() => child && killGroup(child, 'SIGKILL'), 5000);
        await exited;
        clearTimeout(timer);
        child = undefined;
      }
      rmSync(root, { recursive: true, force: true });
    },
  };
}

/**
 * Installs dovecot-imapd with apt-get when no binary is found. Parallel suites serialize on a
 * lock file; the Debian package's own service is stopped so it does not hold ports 143/993.
 */
export function ensureDovecotInstalled(): string {
  const found = DOVECOT_BINARY_CANDIDATES.find((path) => existsSync(path));
  if (found) return found;
  const script =
    'command -v dovecot >/dev/null || (apt-get update -q && DEBIAN_FRONTEND=noninteractive apt-get -o DPkg::Lock::Timeout=300 install -y -q dovecot-imapd); ' +
    '(service dovecot stop || true) >/dev/null 2>&1; (update-rc.d dovecot disable || true) >/dev/null 2>&1';
  execFileSync('flock', [APT_LOCK, 'sh', '-c', script], { stdio: 'ignore', timeout: 540_000 });
  const installed = DOVECOT_BINARY_CANDIDATES.find((path) => existsSync(path));
  if (!installed) throw new Error('dovecot-imapd could not be installed: run apt-get install -y dovecot-imapd as root');
  return installed;
}

interface MailOwner {
  name: string;
  uid: number;
  gid: number;
}

/** Dovecot refuses to store mail as root, so root runs use the package's `dovecot` user. */
function mailOwner(): MailOwner {
  const uid = process.getuid?.() ?? 0;
  if (uid !== 0) {
    const name = execFileSync('id', ['-un']).toString().trim();
    return { name, uid, gid: process.getgid?.() ?? uid };
  }
  const id = (flag: string): number => Number(execFileSync('id', [flag, 'dovecot']).toString().trim());
  return { name: 'dovecot', uid: id('-u'), gid: id('-g') };
}

interface DovecotConfig {
  root: string;
  port: number;
  tlsPort?: number;
  mailUser: MailOwner;
  tls: boolean;
  /** OAuth2 SASL mechanisms to offer; none: password logins only. */
  oauth2: string[];
}

function dovecotConfig(c: DovecotConfig): string {
  const root = process.getuid?.() === 0;
  const dh = '/usr/share/dovecot/dh.pem';
  return [
    `base_dir = ${c.root}/run`,
    `state_dir = ${c.root}/state`,
    `log_path = ${c.root}/dovecot.log`,
    'protocols = imap',
    'listen = 127.0.0.1',
    `default_internal_user = ${root ? 'dovecot' : c.mailUser.name}`,
    `default_internal_group = ${root ? 'dovecot' : c.mailUser.name}`,
    `default_login_user = ${root ? 'dovenull' : c.mailUser.name}`,
    'disable_plaintext_auth = no',
    `auth_mechanisms = ${['plain', 'login', ...c.oauth2].join(' ')}`,
    'mail_fsync = never',
    `mail_location = maildir:${c.root}/mail/%u`,
    `first_valid_uid = ${c.mailUser.uid}`,
    'passdb {',
    '  driver = passwd-file',
    `  args = scheme=PLAIN username_format=%u ${c.root}/passwd`,
    c.oauth2.length > 0 ? '  mechanisms = plain login' : '',
    '}',
    c.oauth2.length > 0
      ? `passdb {\n  driver = oauth2\n  mechanisms = ${c.oauth2.join(' ')}\n  args = ${c.root}/oauth2.conf.ext\n}`
      : '',
    'userdb {',
    '  driver = static',
    `  args = uid=${c.mailUser.uid} gid=${c.mailUser.gid} home=${c.root}/mail/%u`,
    '}',
    'protocol imap {',
    '  mail_max_userip_connections = 100',
    '}',
    c.tls ? `ssl = yes\nssl_cert = <${c.root}/cert.pem\nssl_key = <${c.root}/key.pem` : 'ssl = no',
    c.tls && existsSync(dh) ? `ssl_dh = <${dh}` : '',
    'service imap-login {',
    `  inet_listener imap {\n    port = ${c.port}\n  }`,
    c.tlsPort ? `  inet_listener imaps {\n    port = ${c.tlsPort}\n    ssl = yes\n  }` : '',
    '}',
    '',
  ].join('\n');
}

/**
 * Dovecot's oauth2 passdb (2.3): POST `token=…` to the introspection URL, accept the token when
 * the answer says `"active": true` and its `username` is the login. `force_introspection` asks
 * every time (there is no tokeninfo URL to trust instead).
 */
function oauth2Config(introspectionUrl: string): string {
  return [
    'introspection_mode = post',
    `introspection_url = ${introspectionUrl}`,
    'force_introspection = yes',
    'username_attribute = username',
    'active_attribute = active',
    'active_value = true',
    '',
  ].join('\n');
}

/** Resolves once the server sends its `* OK` greeting (RFC 3501 7.1.1). */
async function waitForGreeting(port: number): Promise<void> {
  const deadline = Date.now() + READY_TIMEOUT_MS;
  for (;;) {
    const ok = await new Promise<boolean>((resolve) => {
      const socket = connect(port, '127.0.0.1');
      socket.setTimeout(1000, () => socket.destroy());
      socket.once('data', (data) => {
        socket.destroy();
        resolve(data.toString().startsWith('* OK'));
      });
      socket.once('error', () => resolve(false));
      socket.once('close', () => resolve(false));
    });
    if (ok) return;
    if (Date.now() > deadline) throw new Error(`no IMAP greeting within ${READY_TIMEOUT_MS} ms`);
    await delay(100);
  }
}

function killGroup(child: ChildProcess, signal: NodeJS.Signals): void {
  try {
    if (child.pid) process.kill(-child.pid, signal);
  } catch {
    // Already gone.
  }
}

function waitForExit(child: ChildProcess): Promise<void> {
  return child.exitCode !== null || child.signalCode !== null
    ? Promise.resolve()
    : new Promise((resolve) => child.once('exit', () => resolve()));
}

const delay = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));
