import { classifySmtpError, redactAddresses, smtpSetupHint } from './smtp-failure';

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

describe('smtpSetupHint', () => {
  const server = { host: 'smtp.example.com', port: 2525 };

  it('names the setting to change for the mismatches a person can fix', () => {
    const noStarttls = error({
      code: 'ETLS',
      command: 'STARTTLS',
      responseCode: 500,
      response: '500 Error: command not recognized',
    });
    expect(smtpSetupHint(noStarttls, server)).toMatch(
      /smtp\.example\.com:2525 offers no STARTTLS; set SMTP_SECURITY=plain/,
    );
    const notTls = error({ code: 'ESOCKET', command: 'CONN', message: 'ssl3_get_record:wrong version number' });
    expect(smtpSetupHint(notTls, server)).toMatch(/does not speak implicit TLS; set SMTP_SECURITY=starttls/);
    expect(smtpSetupHint(error({ code: 'EAUTH', responseCode: 535 }), server)).toMatch(/SMTP_USER and SMTP_PASS/);
    const untrusted = error({ code: 'ETLS', command: 'STARTTLS', message: 'self-signed certificate' });
    expect(smtpSetupHint(untrusted, server)).toMatch(/not trusted; trust its CA .* SMTP_TLS_REJECT_UNAUTHORIZED=false/);
  });

  it("adds nothing to failures that are the server's own", () => {
    expect(smtpSetupHint(error({ code: 'ECONNREFUSED' }), server)).toBe('');
    expect(
      classifySmtpError(error({ code: 'EENVELOPE', command: 'RCPT TO', responseCode: 550, response: '550 no' }), server)
        .response,
    ).toBe('550 no');
  });

  it('appends the hint to the reply an operator reads', () => {
    const failure = classifySmtpError(
      error({ code: 'ETLS', command: 'STARTTLS', responseCode: 500, response: '500 Error: command not recognized' }),
      server,
    );
    expect(failure.response).toMatch(/^500 Error: command not recognized \(the server at .* set SMTP_SECURITY=plain/);
  });
});
