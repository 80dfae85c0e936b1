import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { FIRST_EMAIL_HINT } from '../apps/reference-app/src/config/startup-banner';
import { type ChildReferenceApp, spawnReferenceApp } from './helpers/spawn-reference-app';
import { createTestDatabase, type TestDatabase } from './helpers/test-database';
import { testAppEnv } from './helpers/test-env';
import { createTestRedisNamespace, type TestRedisNamespace } from './helpers/test-redis';
import { waitFor } from './helpers/wait-for';

/** The variables a fresh machine leaves unset, so that the development defaults generate them. */
const GENERATED = ['EMAIL_REPLY_SECRET', 'EMAIL_WEBHOOK_SECRET', 'MESSAGES_API_KEY', 'SESSION_SECRET'];

/** The copy-paste command the banner prints under its "Send a first email" line. */
function firstEmailCommand(banner: string): string {
  const lines = banner.split('\n');
  const start = lines.findIndex((line) => line === FIRST_EMAIL_HINT) + 1;
  const end = lines.findIndex((line, index) => index >= start && line.trim() === '');
  return lines
    .slice(start, end)
    .map((line) => line.replace(/^ {2}/, ''))
    .join('\n');
}

describe('first-run banner (npm start on a fresh machine, the built app)', () => {
  let database: TestDatabase;
  let redis: TestRedisNamespace;
  let app: ChildReferenceApp | undefined;

  beforeEach(async () => {
    database = await createTestDatabase();
    redis = createTestRedisNamespace();
  });

  afterEach(async () => {
    await app?.kill('SIGTERM');
    await database.drop();
    await redis.cleanup();
  });

  it('prints a curl that bash runs as is: the email arrives with its body and becomes a thread with a message', async () => {
    const env = testAppEnv(database.url, redis.prefix);
    for (const name of GENERATED) delete env[name];
    app = await spawnReferenceApp(env);
    const secrets = JSON.parse(readFileSync(env.DEV_SECRETS_FILE!, 'utf8')) as Record<string, string>;
    const banner = app.output();
    // Secrets this machine generated are printed: it is how a first-time user logs in.
    expect(banner).toContain(`admin@localhost / ${secrets.ADMIN_PASSWORD}`);
    expect(banner).toContain(`Bearer ${secrets.MESSAGES_API_KEY}`);

    const command = firstEmailCommand(banner);
    expect(command).toContain(`SECRET='${secrets.EMAIL_WEBHOOK_SECRET}'`);
    const run = spawnSync('bash', ['-c', command], { encoding: 'utf8', timeout: 20_000 });
    expect(run.stderr).not.toMatch(/error/i);
    expect(JSON.parse(run.stdout)).toMatchObject({ ok: true, duplicate: false });

    const api = async (path: string) =>
      (
        await (
          await fetch(`${app!.url}/api/v1/messages${path}`, {
            headers: { authorization: `Bearer ${secrets.MESSAGES_API_KEY}` },
          })
        ).json()
      ).data;
    const thread = await waitFor(
      async () => ((await api('/threads')) as { id: string; subject: string }[]).find((t) => t.subject === 'Hello'),
      20_000,
      'thread "Hello"',
    );
    const messages = await waitFor(async () => {
      const found = (await api(`/threads/${thread.id}/messages`)) as { text: string }[];
      return found.length > 0 && found;
    });
    expect(messages).toHaveLength(1);
    expect(messages[0].text).toBe('Hi, can you help me?');
  });

  it('never prints a secret the operator set', async () => {
    const env = testAppEnv(database.url, redis.prefix, {
      ADMIN_EMAIL: 'operator@test.example',
      ADMIN_PASSWORD: 'an operator password',
    });
    app = await spawnReferenceApp(env);
    const banner = app.output();
    for (const name of [...GENERATED, 'ADMIN_PASSWORD']) expect(banner).not.toContain(env[name]!);
    expect(banner).toContain('operator@test.example / <your ADMIN_PASSWORD>');
    expect(banner).toContain('Bearer <your MESSAGES_API_KEY>');
    expect(banner).toContain("SECRET='<your EMAIL_WEBHOOK_SECRET>'");
  });
});
