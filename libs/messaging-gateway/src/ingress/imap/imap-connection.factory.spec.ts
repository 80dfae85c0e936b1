import { Logger } from '@nestjs/common';
import type { Logger as ImapFlowLogger } from 'imapflow';
import { imapFlowOptions } from './imap-connection.factory';
import { testImapOptions } from './imap.test-support';

const imap = testImapOptions;
const PASSWORD = { pass: 'app-password' };

describe('imapFlowOptions', () => {
  it('uses implicit TLS on 993 and verifies the certificate by default', () => {
    const options = imapFlowOptions(imap(), 1000, PASSWORD);
    expect(options).toMatchObject({ host: 'imap.example.com', port: 993, secure: true, doSTARTTLS: undefined });
    expect(options.tls).toEqual({ rejectUnauthorized: true });
  });

  it('requires STARTTLS (no plaintext fallback) when starttls is set', () => {
    const options = imapFlowOptions(imap({ port: 143, secure: false, starttls: true }), 1000, PASSWORD);
    expect(options).toMatchObject({ secure: false, doSTARTTLS: true });
  });

  it('passes tlsRejectUnauthorized through for test servers', () => {
    expect(imapFlowOptions(imap({ tlsRejectUnauthorized: false }), 1000, PASSWORD).tls).toEqual({
      rejectUnauthorized: false,
    });
  });

  it('restarts IDLE no later than the poll interval and bounds literals by the message limit', () => {
    const options = imapFlowOptions(imap({ pollIntervalMs: 5000 }), 1_000_000, PASSWORD);
    expect(options.maxIdleTime).toBe(5000);
    expect(imapFlowOptions(imap(), 1000, PASSWORD).maxIdleTime).toBe(60_000);
    expect(imapFlowOptions(imap({ pollIntervalMs: 3_600_000 }), 1000, PASSWORD).maxIdleTime).toBe(5 * 60_000);
    expect(options.maxLiteralSize).toBe(2_000_000 + 1024 * 1024);
    expect(options.maxResponseSize).toBeGreaterThan(options.maxLiteralSize!);
  });

  it('logs in with the password, or with the access token alone under OAuth2 (imapflow then uses XOAUTH2/OAUTHBEARER)', () => {
    expect(imapFlowOptions(imap(), 1000, PASSWORD).auth).toEqual({ user: 'support@example.com', pass: 'app-password' });
    const oauth = imapFlowOptions(imap({ auth: 'oauth2', pass: undefined }), 1000, { accessToken: 'at-1' });
    expect(oauth.auth).toEqual({ user: 'support@example.com', accessToken: 'at-1' });
  });

  it('drops imapflow protocol lines below warning level and passes warnings at verbose', () => {
    const verbose = jest.spyOn(Logger.prototype, 'verbose').mockImplementation(() => undefined);
    const logger = imapFlowOptions(imap(), 1000, PASSWORD).logger as ImapFlowLogger;
    logger.debug({ msg: 'C: 1 LOGIN support@example.com' });
    logger.info({ msg: 'S: * OK' });
    expect(verbose).not.toHaveBeenCalled();
    logger.warn({ msg: 'Connection recovery failed after timeout', err: new Error('Socket timeout') });
    expect(verbose).toHaveBeenCalledWith('Connection recovery failed after timeout: Socket timeout');
    verbose.mockRestore();
  });
});
