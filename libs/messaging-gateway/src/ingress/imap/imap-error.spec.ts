import { describeImapError } from './imap-error';
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
});
