import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { Logger } from '@nestjs/common';
import type { MessagingGatewayOptions } from 'nestjs-messaging-gateway';
import { DOVECOT_USER, type DovecotStartOptions } from './helpers/dovecot';
import {
  appendAll,
  type GatewayUnderTest,
  type ImapSuite,
  mail,
  newMessageId,
  storedRows,
  useImapSuite,
  waitFor,
} from './helpers/imap-test-kit';
import { type OauthServerStub, startOauthServerStub } from './helpers/oauth-server-stub';

/**
 * One OAuth2 authorization server (token and introspection endpoints on 127.0.0.1) and one
 * Dovecot whose `oauth2` passdb asks it about every token, offering `mechanisms`.
 */
function useOauthImapSuite(mechanisms: NonNullable<DovecotStartOptions['oauth2']>['mechanisms']): {
  suite: ImapSuite;
  oauth: () => OauthServerStub;
} {
  let oauth: OauthServerStub | undefined;
  const suite = useImapSuite(async () => {
    oauth = await startOauthServerStub({ username: DOVECOT_USER });
    return { oauth2: { introspectionUrl: oauth.introspectionUrl, mechanisms } };
  });
  beforeEach(() => oauth!.reset());
  afterAll(async () => {
    await oauth?.close();
  });
  return { suite, oauth: () => oauth! };
}

/** The built-in client credentials flow against the stub (the Microsoft 365 app-only preset). */
const clientCredentials = (oauth: OauthServerStub): MessagingGatewayOptions['imap'] => ({
  auth: 'oauth2',
  pass: undefined,
  oauth: { tokenUrl: oauth.tokenUrl, clientId: oauth.clientId, clientSecret: oauth.clientSecret, scope: oauth.scope },
});

/** Every log line the gateway writes, whatever the level (the suite's logger prints errors only). */
function captureLogs(): { lines: () => string[]; restore: () => void } {
  const spies = (['log', 'warn', 'error', 'debug', 'verbose'] as const).map((level) =>
    jest.spyOn(Logger.prototype, level),
  );
  return {
    lines: () => spies.flatMap((spy) => spy.mock.calls.map((args) => args.map(String).join(' '))),
    restore: () => spies.forEach((spy) => spy.mockRestore()),
  };
}

/** No log line and no status field carries the client secret, the refresh token or any token. */
function expectNoSecrets(oauth: OauthServerStub, logs: string[], gateway: GatewayUnderTest): void {
  const secrets = [oauth.clientSecret, oauth.refreshToken, ...oauth.issued()];
  const visible = [...logs, JSON.stringify(gateway.receiver.getStatus())].join('\n');
  expect(secrets.filter((secret) => visible.includes(secret))).toEqual([]);
}

/**
 * Kills Dovecot, delivers `ids` into the maildir as an MTA would while IMAP is down, and starts
 * it again: the receiver must log in anew, so whatever token it holds is checked again.
 */
async function restartWithMail(suite: ImapSuite, gateway: GatewayUnderTest, mailbox: string, ids: string[]) {
  await suite.dovecot.kill();
  await waitFor(
    () => gateway.receiver.getStatus().connected,
    (connected) => !connected,
    15_000,
    'disconnect',
  );
  ids.forEach((id, i) =>
    writeFileSync(join(suite.dovecot.maildir, `.${mailbox}`, 'new', `${Date.now()}.oauth${i}.test`), mail(id)),
  );
  await suite.dovecot.start();
}

/** Waits for `count` rows and checks each expected Message-ID is stored exactly once. */
async function expectStoredOnce(gateway: GatewayUnderTest, ids: string[]): Promise<void> {
  const rows = await waitFor(
    () => storedRows(gateway.dataSource),
    (r) => r.length >= ids.length,
    40_000,
    `${ids.length} rows`,
  );
  expect(rows.map((row) => row.message_id).sort()).toEqual([...ids].sort());
}

const delay = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

describe('IMAP with OAuth2, XOAUTH2 only (as Microsoft 365 offers it)', () => {
  const { suite, oauth } = useOauthImapSuite(['xoauth2']);
  let logs: ReturnType<typeof captureLogs>;
  beforeEach(() => (logs = captureLogs()));
  afterEach(() => logs.restore());

  /** A gateway on client credentials that has read one message of `mailbox`. */
  async function readingOneMessage(mailbox: string): Promise<{ gateway: GatewayUnderTest; first: string }> {
    const first = newMessageId();
    await appendAll(suite.dovecot, mailbox, [mail(first)]);
    const gateway = await suite.start({ mailbox, ...clientCredentials(oauth()) });
    await expectStoredOnce(gateway, [first]);
    return { gateway, first };
  }

  it('logs in with a client-credentials token and renews it across an expiry mid-run: no duplicate, no loss', async () => {
    const mailbox = 'Expiry';
    oauth().setTokenLifetime(6000);
    const before = [newMessageId(), newMessageId(), newMessageId()];
    await appendAll(
      suite.dovecot,
      mailbox,
      before.map((id) => mail(id)),
    );
    const gateway = await suite.start({ mailbox, ...clientCredentials(oauth()) });
    await expectStoredOnce(gateway, before);
    expect(gateway.receiver.getStatus()).toMatchObject({ connected: true, lastError: null });
    expect(suite.dovecot.log()).toMatch(/Login: user=<support>, method=XOAUTH2/);
    expect(oauth().tokenRequests).toEqual([{ grantType: 'client_credentials', status: 200 }]);

    // The token expires while the session is open: a logged-in session outlives it (IDLE keeps working).
    await delay(6500);
    const during = [newMessageId(), newMessageId()];
    await appendAll(
      suite.dovecot,
      mailbox,
      during.map((id) => mail(id)),
    );
    await expectStoredOnce(gateway, [...before, ...during]);

    // The next login needs a token again: the expired one is replaced before reconnecting.
    const after = [newMessageId(), newMessageId()];
    await restartWithMail(suite, gateway, mailbox, after);
    await expectStoredOnce(gateway, [...before, ...during, ...after]);
    await delay(1500); // a late duplicate would show up here
    await expectStoredOnce(gateway, [...before, ...during, ...after]);
    expect(oauth().tokenRequests.length).toBeGreaterThanOrEqual(2);
    expect(oauth().tokenRequests.every((request) => request.status === 200)).toBe(true);
    // Dovecot was never shown the expired token.
    expect(oauth().introspections.every((introspection) => introspection.active)).toBe(true);
    await waitFor(
      () => gateway.receiver.getStatus().lastError,
      (error) => error === null,
      10_000,
      'a clean pass',
    );
    expectNoSecrets(oauth(), logs.lines(), gateway);
  });

  it('replaces a token the server refuses before its stated expiry, once, and reports nothing', async () => {
    const mailbox = 'Refused';
    const { gateway, first } = await readingOneMessage(mailbox);

    oauth().expireAll(); // an administrator revoked the sessions; the cached token still looks valid for an hour
    const later = newMessageId();
    await restartWithMail(suite, gateway, mailbox, [later]);
    await expectStoredOnce(gateway, [first, later]);
    const verdicts = oauth().introspections.map((introspection) => introspection.active);
    expect(verdicts).toEqual([true, false, true]);
    expect(oauth().tokenRequests).toHaveLength(2);
    expect(logs.lines().some((line) => line.includes('imap_auth_failed'))).toBe(false);
    expectNoSecrets(oauth(), logs.lines(), gateway);
  });

  it("reports a revoked client as imap_auth_failed with the provider's reason, backs off, and logs no secret", async () => {
    const mailbox = 'Revoked';
    const { gateway } = await readingOneMessage(mailbox);

    oauth().revokeClient({
      error: 'invalid_client',
      error_description: 'AADSTS7000222: The provided client secret keys for app are expired.',
    });
    await restartWithMail(suite, gateway, mailbox, [newMessageId()]);
    const status = await waitFor(
      () => gateway.receiver.getStatus(),
      (s) => s.lastError?.reason === 'imap_auth_failed',
      30_000,
      'imap_auth_failed',
    );
    expect(status).toMatchObject({ connected: false, healthy: false, lastError: { code: 'EGW_IMAP_AUTH' } });
    expect(status.lastError!.message).toMatch(
      /token endpoint refused the client \(HTTP 401 invalid_client: AADSTS7000222: .*expired\.\): check EMAIL_IMAP_OAUTH_CLIENT_ID and EMAIL_IMAP_OAUTH_CLIENT_SECRET/,
    );
    expect(logs.lines()).toContainEqual(expect.stringMatching(/EGW_IMAP_AUTH imap_auth_failed: .*AADSTS7000222/));
    // Backs off (0.5–1 s, 1–2 s, 2–4 s …): a handful of token requests in 4 s, not a storm.
    const requests = oauth().tokenRequests.length;
    await delay(4000);
    expect(oauth().tokenRequests.length - requests).toBeLessThanOrEqual(3);
    expect(await storedRows(gateway.dataSource)).toHaveLength(1);
    expectNoSecrets(oauth(), logs.lines(), gateway);
  });

  it("takes the host's token provider first: asked before each login, told to bypass its cache after a refusal", async () => {
    const mailbox = 'HostProvider';
    // A host cache that knows nothing of expiry, as the simplest host code would.
    let cached: string | undefined;
    const calls: boolean[] = [];
    const accessToken = async ({ forceRefresh }: { forceRefresh: boolean }): Promise<string> => {
      calls.push(forceRefresh);
      if (forceRefresh || !cached) cached = oauth().issue().accessToken;
      return cached;
    };
    const before = [newMessageId(), newMessageId()];
    await appendAll(
      suite.dovecot,
      mailbox,
      before.map((id) => mail(id)),
    );
    const gateway = await suite.start({ mailbox, auth: 'oauth2', pass: undefined, accessToken });
    await expectStoredOnce(gateway, before);
    expect(calls).toEqual([false]);

    // The host's token expires (ended at the server: Dovecot delays logins after a failure, so a
    // few-second token could also expire on the way, which real one-hour tokens never do).
    oauth().expireAll();
    const after = [newMessageId(), newMessageId()];
    await restartWithMail(suite, gateway, mailbox, after);
    await expectStoredOnce(gateway, [...before, ...after]);
    await delay(1500);
    await expectStoredOnce(gateway, [...before, ...after]);
    // The stale token was refused once, then the provider was asked for a fresh one.
    expect(calls.filter((forced) => forced)).toHaveLength(1);
    expect(oauth().tokenRequests).toEqual([]); // the built-in flow is not used
    expectNoSecrets(oauth(), logs.lines(), gateway);
  });

  it('reports a host token the server refuses even fresh as imap_auth_failed with its reason', async () => {
    const mailbox = 'HostRevoked';
    await appendAll(suite.dovecot, mailbox, [mail(newMessageId())]);
    oauth().revokeClient({ error: 'invalid_client', error_description: 'revoked' });
    const calls: boolean[] = [];
    const accessToken = async ({ forceRefresh }: { forceRefresh: boolean }): Promise<string> => {
      calls.push(forceRefresh);
      return oauth().issue().accessToken;
    };
    const gateway = await suite.start({ mailbox, auth: 'oauth2', pass: undefined, accessToken });
    const status = await waitFor(
      () => gateway.receiver.getStatus(),
      (s) => s.lastError?.reason === 'imap_auth_failed',
      30_000,
      'imap_auth_failed',
    );
    expect(status.lastError!.message).toMatch(
      /IMAP server refused the OAuth2 token \(AUTHENTICATIONFAILED Authentication failed\. status 401\): check that EMAIL_IMAP_USER/,
    );
    expect(calls.slice(0, 2)).toEqual([false, true]);
    expect(await storedRows(gateway.dataSource)).toHaveLength(0);
    expectNoSecrets(oauth(), logs.lines(), gateway);
  });
});

describe('IMAP with OAuth2, OAUTHBEARER and XOAUTH2 (as Gmail offers them)', () => {
  const { suite, oauth } = useOauthImapSuite(['xoauth2', 'oauthbearer']);

  it('logs in with OAUTHBEARER on a refresh-token grant (the Google preset)', async () => {
    const mailbox = 'Refresh';
    const ids = [newMessageId(), newMessageId()];
    await appendAll(
      suite.dovecot,
      mailbox,
      ids.map((id) => mail(id)),
    );
    const gateway = await suite.start({
      mailbox,
      auth: 'oauth2',
      pass: undefined,
      oauth: {
        tokenUrl: oauth().tokenUrl,
        clientId: oauth().clientId,
        clientSecret: oauth().clientSecret,
        refreshToken: oauth().refreshToken,
      },
    });
    await expectStoredOnce(gateway, ids);
    expect(suite.dovecot.log()).toMatch(/Login: user=<support>, method=OAUTHBEARER/);
    expect(oauth().tokenRequests).toEqual([{ grantType: 'refresh_token', status: 200 }]);
  });
});
