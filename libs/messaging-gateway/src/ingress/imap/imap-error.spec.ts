import { describeImapError, isLoginRefused, oauthLoginRefused } from './imap-error';
import { MessagingGatewayError } from '../../core/errors/messaging-gateway.error';

describe('describeImapError', () => {
  it('names the credentials and app passwords on a refused login', () => {
    const error = Object.assign(new Error('Command failed'), {
      authenticationFailed: true,
      serverResponseCode: 'AUTHENTICATIONFAILED',
    });
    const { code, message } = describeImapError(error);
    expect(code).toBe('EGW_IMAP_AUTH');
    expect(message).toMatch(/EMAIL_IMAP_USER and EMAIL_IMAP_PASS.*app password/);
  });

  it('says how to trust a certificate, without advising to turn checks off in general', () => {
    const error = Object.assign(new Error('self-signed certificate'), { code: 'DEPTH_ZERO_SELF_SIGNED_CERT' });
    const { code, message } = describeImapError(error);
    expect(code).toBe('EGW_IMAP_CONNECTION');
    expect(message).toMatch(/NODE_EXTRA_CA_CERTS.*test server only.*EMAIL_IMAP_TLS_REJECT_UNAUTHORIZED=false/);
  });

  it('points at EMAIL_IMAP_MAILBOX when the mailbox does not exist', () => {
    const error = Object.assign(new Error('Command failed'), { serverResponseCode: 'NONEXISTENT', command: 'SELECT' });
    expect(describeImapError(error)).toMatchObject({
      code: 'EGW_IMAP_MAILBOX',
      message: expect.stringMatching(/EMAIL_IMAP_MAILBOX/),
    });
  });

  it('recognises imapflow marking a SELECT of a missing mailbox', () => {
    const error = Object.assign(new Error("Mailbox doesn't exist: Support"), { mailboxMissing: true });
    expect(describeImapError(error).code).toBe('EGW_IMAP_MAILBOX');
  });

  it('keeps database failures apart from IMAP ones', () => {
    const error = Object.assign(new Error('connection terminated'), { name: 'QueryFailedError' });
    expect(describeImapError(error).code).toBe('EGW_DATABASE');
  });

  it('keeps the code of gateway errors and reports socket errors as connection failures', () => {
    expect(describeImapError(new MessagingGatewayError('EGW_IMAP_MAILBOX', 'x')).code).toBe('EGW_IMAP_MAILBOX');
    const refused = Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:993'), { code: 'ECONNREFUSED' });
    expect(describeImapError(refused)).toMatchObject({
      code: 'EGW_IMAP_CONNECTION',
      message: expect.stringMatching(/ECONNREFUSED/),
    });
  });

  it('gives every failure a stable reason: imap_auth_failed for a refused login', () => {
    const refused = Object.assign(new Error('Command failed'), { authenticationFailed: true });
    expect(describeImapError(refused).reason).toBe('imap_auth_failed');
    expect(describeImapError(new MessagingGatewayError('EGW_IMAP_OAUTH_TOKEN', 'x')).reason).toBe(
      'imap_token_unavailable',
    );
    expect(describeImapError(Object.assign(new Error('x'), { code: 'ECONNRESET' })).reason).toBe(
      'imap_connection_failed',
    );
    expect(describeImapError(Object.assign(new Error('x'), { name: 'QueryFailedError' })).reason).toBe(
      'database_unavailable',
    );
    expect(describeImapError(new MessagingGatewayError('EGW_INTERNAL', 'x')).reason).toBe('imap_session_failed');
  });

  it('does not take a server that cannot check the login now (UNAVAILABLE) for a refusal', () => {
    const unavailable = Object.assign(new Error('Command failed'), {
      authenticationFailed: true,
      serverResponseCode: 'UNAVAILABLE',
      responseText: 'Temporary authentication failure.',
    });
    expect(isLoginRefused(unavailable)).toBe(false);
    expect(describeImapError(unavailable)).toMatchObject({
      code: 'EGW_IMAP_CONNECTION',
      message: expect.stringMatching(/could not check the login right now.*retrying/),
    });
  });

  it("explains a refused OAuth2 token with the server's words and SASL status", () => {
    const refused = Object.assign(new Error('Command failed'), {
      authenticationFailed: true,
      serverResponseCode: 'AUTHENTICATIONFAILED',
      responseText: 'Authentication failed.',
      oauthError: { status: '401', schemes: 'bearer', scope: 'mail' },
    });
    expect(isLoginRefused(refused)).toBe(true);
    const error = oauthLoginRefused(refused);
    expect(describeImapError(error)).toMatchObject({ code: 'EGW_IMAP_AUTH', reason: 'imap_auth_failed' });
    expect(error.message).toMatch(
      /refused the OAuth2 token \(AUTHENTICATIONFAILED Authentication failed\. status 401\)/,
    );
    expect(error.message).toMatch(/EMAIL_IMAP_USER.*IMAP.AccessAsApp/);
  });
});
