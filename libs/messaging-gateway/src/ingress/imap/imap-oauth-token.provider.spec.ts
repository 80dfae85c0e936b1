import { Logger } from '@nestjs/common';
import type { GatewaySettings } from '../../core/options/gateway-options.schema';
import { ImapOauthTokenProvider } from './imap-oauth-token.provider';
import { testImapOptions } from './imap.test-support';
import { type IssuedOauthToken, requestOauthToken } from './oauth-token-endpoint';

jest.mock('./oauth-token-endpoint', () => ({
  ...jest.requireActual('./oauth-token-endpoint'),
  requestOauthToken: jest.fn(),
}));
const request = requestOauthToken as jest.MockedFunction<typeof requestOauthToken>;

const OAUTH = {
  tokenUrl: 'https://login.example.com/token',
  clientId: 'client',
  clientSecret: 'secret',
  scope: 'https://outlook.office365.com/.default',
};
const oauthImap = (over: Partial<GatewaySettings<'imap'>> = {}): GatewaySettings<'imap'> =>
  testImapOptions({ auth: 'oauth2', pass: undefined, oauth: OAUTH, ...over });

/** Issues at-1, at-2 … with the given lifetime. */
function issuing(expiresInMs: number | undefined, extra: Partial<IssuedOauthToken> = {}): void {
  let n = 0;
  request.mockImplementation(async () => ({ accessToken: `at-${++n}`, expiresInMs, ...extra }));
}

describe('ImapOauthTokenProvider', () => {
  let now: number;
  beforeEach(() => {
    now = 1_000_000;
    jest.spyOn(Date, 'now').mockImplementation(() => now);
    jest.spyOn(Logger.prototype, 'debug').mockImplementation(() => undefined);
    request.mockReset();
  });
  afterEach(() => jest.restoreAllMocks());

  it('keeps a token until shortly before it expires, then asks for a new one', async () => {
    issuing(3_600_000);
    const tokens = new ImapOauthTokenProvider(oauthImap());
    expect(await tokens.get()).toBe('at-1');
    now += 3_600_000 - 61_000;
    expect(await tokens.get()).toBe('at-1');
    now += 2000; // inside the last minute
    expect(await tokens.get()).toBe('at-2');
    expect(request).toHaveBeenCalledTimes(2);
    expect(request.mock.calls[0][0]).toEqual({ ...OAUTH, refreshToken: undefined });
  });

  it('scales the margin to short lifetimes, and never caches a token of unstated lifetime', async () => {
    issuing(4000);
    const short = new ImapOauthTokenProvider(oauthImap());
    expect(await short.get()).toBe('at-1');
    now += 3500;
    expect(await short.get()).toBe('at-1');
    now += 200; // inside the last 400 ms
    expect(await short.get()).toBe('at-2');

    issuing(undefined);
    const unknown = new ImapOauthTokenProvider(oauthImap());
    expect(await unknown.get()).toBe('at-1');
    expect(await unknown.get()).toBe('at-2');
  });

  it('gets a new token when the server refused the cached one', async () => {
    issuing(3_600_000);
    const tokens = new ImapOauthTokenProvider(oauthImap());
    expect(await tokens.get()).toBe('at-1');
    expect(await tokens.get(true)).toBe('at-2');
    expect(await tokens.get()).toBe('at-2');
  });

  it('sends the configured refresh token, then the one the server rotated to', async () => {
    issuing(3_600_000, { refreshToken: 'rotated' });
    const tokens = new ImapOauthTokenProvider(oauthImap({ oauth: { ...OAUTH, refreshToken: 'first' } }));
    await tokens.get();
    await tokens.get(true);
    expect(request.mock.calls.map(([r]) => r.refreshToken)).toEqual(['first', 'rotated']);
  });

  it("asks the host's provider before every login, telling it when to bypass its cache", async () => {
    const accessToken = jest.fn(async ({ forceRefresh }: { forceRefresh: boolean }) => (forceRefresh ? 'new' : 'kept'));
    const tokens = new ImapOauthTokenProvider(oauthImap({ accessToken }));
    expect(await tokens.get()).toBe('kept');
    expect(await tokens.get()).toBe('kept');
    expect(await tokens.get(true)).toBe('new');
    expect(accessToken).toHaveBeenCalledTimes(3);
    expect(request).not.toHaveBeenCalled();
  });

  it("reports a host provider's failure, an unusable token and a provider that never answers", async () => {
    const failing = new ImapOauthTokenProvider(
      oauthImap({ accessToken: async () => Promise.reject(new Error('AADSTS700016: application not found\r\n')) }),
    );
    await expect(failing.get()).rejects.toMatchObject({
      code: 'EGW_IMAP_OAUTH_TOKEN',
      message: 'imap.accessToken failed (AADSTS700016: application not found); retrying',
    });
    const empty = new ImapOauthTokenProvider(oauthImap({ accessToken: async () => '' }));
    await expect(empty.get()).rejects.toMatchObject({ message: expect.stringMatching(/no usable token/) });

    jest.useFakeTimers();
    try {
      const hanging = new ImapOauthTokenProvider(
        oauthImap({ accessToken: () => new Promise<string>(() => undefined) }),
      );
      const result = hanging.get().catch((error: Error) => error);
      await jest.advanceTimersByTimeAsync(30_000);
      expect(await result).toMatchObject({ message: expect.stringMatching(/no token within 30000 ms/) });
    } finally {
      jest.useRealTimers();
    }
  });
});
