import { type ChildProcess, execFile, spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync, mkdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { promisify } from 'node:util';
import { simpleParser } from 'mailparser';
import { signGenericWebhook } from 'nestjs-messaging-gateway';
import { type MessagesApiStub, startMessagesApiStub } from './helpers/messages-api-stub';
import { freePort, type SmtpPeer, startSmtpPeer } from './helpers/smtp-peer';
import { createTestDatabase, type TestDatabase } from './helpers/test-database';
import { testSecret } from './helpers/test-env';
import { createTestRedisNamespace, type TestRedisNamespace } from './helpers/test-redis';
import { waitFor } from './helpers/wait-for';

/**
 * The package as a user gets it: packed, installed from its tarball into a fresh Nest 11 host
 * outside the workspace (only the host's own packages, from the registry), compiled with `strict`
 * and `skipLibCheck: false`, migrated by the package's migrations and run as its own process. The
 * host's code is INTEGRATION.md section 2, verbatim: the docs and the package cannot drift apart.
 */
const run = promisify(execFile);
const ROOT = join(__dirname, '..');
const LIB = join(ROOT, 'libs', 'messaging-gateway');
/** What `nest new` gives a host, plus what INTEGRATION.md section 1 tells it to install. */
const HOST_PACKAGES = [
  '@nestjs/common',
  '@nestjs/core',
  '@nestjs/platform-express',
  '@nestjs/typeorm',
  'typeorm',
  'pg',
  '@nestjs/event-emitter',
  'bullmq',
  'reflect-metadata',
  'rxjs',
];
const HOST_DEV_PACKAGES = ['typescript', '@types/node', '@types/express'];
const HOST_TSCONFIG = {
  compilerOptions: {
    module: 'commonjs',
    target: 'ES2022',
    strict: true,
    skipLibCheck: false,
    experimentalDecorators: true,
    emitDecoratorMetadata: true,
    esModuleInterop: true,
    outDir: 'dist',
    rootDir: 'src',
  },
  include: ['src'],
};

/** The version this workspace has installed: the host gets the same, from the registry. */
const installed = (name: string): string =>
  JSON.parse(readFileSync(join(ROOT, 'node_modules', name, 'package.json'), 'utf8')).version;

/** Every code block of INTEGRATION.md announced by `<!-- host: <path> -->`. */
function hostFilesFromIntegrationDoc(): Record<string, string> {
  const doc = readFileSync(join(ROOT, 'INTEGRATION.md'), 'utf8');
  const files: Record<string, string> = {};
  for (const match of doc.matchAll(/<!-- host: (\S+) -->\s*```\w*\n([\s\S]*?)```/g)) files[match[1]] = match[2];
  return files;
}

describe('the packed package in a fresh Nest host, wired from INTEGRATION.md alone', () => {
  let host: string;
  let database: TestDatabase;
  let redis: TestRedisNamespace;
  let api: MessagesApiStub;
  let smtp: SmtpPeer;
  let app: ChildProcess | undefined;
  let appLog = '';
  let url: string;
  let env: NodeJS.ProcessEnv;
  let tarballFiles: string[];

  beforeAll(async () => {
    host = mkdtempSync(join(tmpdir(), 'mgw-host-'));
    [database, api, smtp] = await Promise.all([createTestDatabase(), startMessagesApiStub(), startSmtpPeer()]);
    redis = createTestRedisNamespace();

    const { stdout } = await run('npm', ['pack', '--json', '--pack-destination', host], { cwd: LIB });
    const [pack] = JSON.parse(stdout) as { filename: string; files: { path: string }[] }[];
    tarballFiles = pack.files.map((file) => file.path);

    const dependencies = Object.fromEntries(HOST_PACKAGES.map((name) => [name, installed(name)]));
    const devDependencies = Object.fromEntries(HOST_DEV_PACKAGES.map((name) => [name, installed(name)]));
    const manifest = {
      name: 'mgw-consumer-host',
      private: true,
      dependencies: { ...dependencies, 'nestjs-messaging-gateway': `file:./${pack.filename}` },
      devDependencies,
    };
    writeFileSync(join(host, 'package.json'), JSON.stringify(manifest, null, 2));
    writeFileSync(join(host, 'tsconfig.json'), JSON.stringify(HOST_TSCONFIG, null, 2));
    for (const [path, source] of Object.entries(hostFilesFromIntegrationDoc())) {
      mkdirSync(dirname(join(host, path)), { recursive: true });
      writeFileSync(join(host, path), source);
    }
    await run('npm', ['install', '--no-audit', '--no-fund', '--prefer-offline', '--loglevel=error'], {
      cwd: host,
      timeout: 240_000,
    });
    // A type error anywhere, the package's declarations included, fails here with tsc's output.
    await run(join(host, 'node_modules', '.bin', 'tsc'), ['-p', 'tsconfig.json'], { cwd: host }).catch((error) => {
      throw new Error(`the host does not compile:\n${error.stdout}${error.stderr}`);
    });

    const port = await freePort();
    url = `http://127.0.0.1:${port}`;
    env = {
      PATH: process.env.PATH,
      NODE_ENV: 'production',
      PORT: String(port),
      DATABASE_URL: database.url,
      REDIS_URL: redis.url,
      MESSAGING_GATEWAY_REDIS_PREFIX: redis.prefix,
      EMAIL_REPLY_DOMAIN: 'reply.host.example',
      EMAIL_REPLY_SECRET: testSecret(),
      EMAIL_WEBHOOK_SECRET: testSecret(),
      MESSAGES_API_BASE_URL: api.baseUrl,
      MESSAGES_API_KEY: api.apiKey,
      SMTP_HOST: smtp.host,
      SMTP_PORT: String(smtp.port),
      SMTP_SECURITY: 'plain',
      SMTP_FROM: 'support@host.example',
      // No DNS from tests: sender authentication has suites of its own, with a DNS table.
      EMAIL_SENDER_AUTH: 'off',
    };
    app = spawn(process.execPath, ['dist/main.js'], { cwd: host, env, stdio: ['ignore', 'pipe', 'pipe'] });
    app.stdout!.on('data', (chunk: Buffer) => (appLog += chunk.toString()));
    app.stderr!.on('data', (chunk: Buffer) => (appLog += chunk.toString()));
    await waitFor(async () => {
      if (app!.exitCode !== null) throw new Error(`the host exited (${app!.exitCode}):\n${appLog}`);
      return fetch(`${url}/gateway/inbound/generic`, { method: 'HEAD' }).then(
        () => true,
        () => false,
      );
    }, 60_000);
  }, 420_000);

  afterAll(async () => {
    if (app && app.exitCode === null) {
      const exited = new Promise((resolve) => app!.once('exit', resolve));
      app.kill('SIGTERM');
      let timer: NodeJS.Timeout | undefined;
      await Promise.race([exited, new Promise((resolve) => (timer = setTimeout(resolve, 15_000)))]);
      clearTimeout(timer);
      app.kill('SIGKILL');
    }
    await Promise.all([api?.close(), smtp?.close(), redis?.cleanup()]);
    await database?.drop();
    if (host) rmSync(host, { recursive: true, force: true });
  });

  it('ships compiled code, declarations, README, LICENSE and CHANGELOG: no sources, maps or specs', () => {
    expect(tarballFiles).toEqual(
      expect.arrayContaining([
        'package.json',
        'README.md',
        'LICENSE',
        'CHANGELOG.md',
        'dist/index.js',
        'dist/index.d.ts',
      ]),
    );
    expect(tarballFiles.filter((file) => /\.map$|^src\/|\.spec\.|\.test-support\./.test(file))).toEqual([]);
  });

  it('takes the first email from the documented curl, emails the answer, and threads the reply', async () => {
    // 1. The curl of section 2, as a person would paste it.
    const firstEmail = join(host, 'first-email.sh');
    const { stdout } = await run('bash', [firstEmail], { cwd: host, env });
    expect(JSON.parse(stdout)).toMatchObject({ ok: true, duplicate: false });
    const thread = await waitFor(() => [...api.threads.values()][0]);
    const [question] = await waitFor(() => (api.messagesOf(thread.id).length ? api.messagesOf(thread.id) : undefined));
    expect(question).toMatchObject({ direction: 'inbound', text: 'It has not arrived yet.' });
    expect(thread.metadata).toMatchObject({ emailFrom: 'ann@example.org', emailSubject: 'Where is my order?' });

    // 2. An agent answers: the host emits the plain payload.
    const answered = await fetch(`${url}/answers`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({
        threadId: thread.id,
        messageId: 'agent-answer-1',
        messageText: 'It left our warehouse today.',
        threadMetadata: { sourceType: 'email', ...thread.metadata },
        senderProfile: { displayName: 'Ann Agent' },
      }),
    });
    expect(answered.status).toBe(201);
    const [sent] = await smtp.waitForMessages(1, 30_000);
    const mail = await simpleParser(sent.raw);
    expect(sent.rcptTo).toEqual(['ann@example.org']);
    expect(mail.subject).toBe('Re: Where is my order?');
    const replyTo = mail.replyTo!.value[0].address!;
    expect(replyTo).toMatch(/^reply\+[a-z0-9.]+@reply\.host\.example$/);

    // 3. The customer replies from a mail client: same thread, quoted history trimmed.
    const reply = [
      'From: Ann <ann@example.org>',
      `To: ${replyTo}`,
      'Subject: Re: Where is my order?',
      `Message-ID: <reply-${Date.now()}@example.org>`,
      `In-Reply-To: ${mail.messageId}`,
      '',
      'Thank you!',
      '',
      'On Thu, Dec 3, 2026 at 10:00 AM Support <support@host.example> wrote:',
      '> It left our warehouse today.',
      '',
    ].join('\r\n');
    const posted = await fetch(`${url}/gateway/inbound/generic`, {
      method: 'POST',
      headers: { 'content-type': 'message/rfc822', ...signGenericWebhook(env.EMAIL_WEBHOOK_SECRET!, reply) },
      body: reply,
    });
    expect(posted.status).toBe(200);
    const replies = await waitFor(() =>
      api.messagesOf(thread.id).length === 2 ? api.messagesOf(thread.id) : undefined,
    );
    expect(replies[1]).toMatchObject({ direction: 'inbound', text: 'Thank you!' });
    expect(api.threads.size).toBe(1);
  });
});
