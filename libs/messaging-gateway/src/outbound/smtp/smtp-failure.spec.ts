import { classifySmtpError, redactAddresses } from './smtp-failure';

const error = (fields: Record<string, unknown>) => Object.assign(new Error(String(fields.message ?? 'x')), fields);

describe('classifySmtpError', () => {
  it.each([
    [{ code: 'EENVELOPE', command: 'RCPT TO', responseCode: 550, response: '550 5.1.1 no such user' }, true, false],
    [{ code: 'EMESSAGE', command: 'DATA', responseCode: 554, response: '554 5.7.1 spam' }, true, false],
    [{ code: 'EMESSAGE', command: 'DATA', responseCode: 451, response: '451 4.7.1 greylisted' }, false, false],
    [{ code: 'EENVELOPE', command: 'MAIL FROM', responseCode: 452, response: '452 full' }, false, false],
    [{ code: 'EENVELOPE', command: 'RCPT TO', responseCode: 503, response: '503 bad sequence' }, false, false],
    [{ code: 'EMESSAGE', command: 'DATA', responseCode: 421, response: '421 closing' }, false, true],
    [{ code: 'ECONNECTION', command: 'CONN', message: 'connect ECONNREFUSED 127.0.0.1:25' }, false, true],
    [{ code: 'ETIMEDOUT', command: 'CONN', message: 'Greeting never received' }, false, true],
    [{ code: 'EPROTOCOL', command: 'CONN', responseCode: 554, response: '554 no service' }, false, true],
    [{ code: 'ETLS', command: 'STARTTLS', message: 'self-signed certificate' }, false, true],
    [{ code: 'EAUTH', command: 'AUTH PLAIN', responseCode: 535, response: '535 bad credentials' }, false, true],
  ])('%j → permanent %s, failover %s', (fields, permanent, failover) => {
    const failure = classifySmtpError(error(fields));
    expect(failure.permanent).toBe(permanent);
    expect(failure.connectionFailure).toBe(failover);
    expect(failure.reasonCode).toBe(permanent ? 'smtp_rejected' : 'smtp_unavailable');
  });

  it('keeps the server reply on one line', () => {
    const failure = classifySmtpError(
      error({ code: 'EMESSAGE', command: 'DATA', responseCode: 550, response: '550-a\r\n550 b' }),
    );
    expect(failure.response).toBe('550-a 550 b');
    expect(failure.responseCode).toBe(550);
  });
});

describe('redactAddresses', () => {
  it('keeps the reply but not the address', () => {
    expect(redactAddresses('550 5.1.1 <ann.lee+x@example.org>: Recipient address rejected')).toBe(
      '550 5.1.1 <<address>>: Recipient address rejected',
    );
  });
});
