import { parseDsnFields, recipientsFromDsn } from './dsn';

describe('RFC 3464 delivery-status parsing', () => {
  it('groups fields per recipient whether Final- or Original-Recipient comes first', () => {
    const text = [
      'Reporting-MTA: dns; mx.example',
      '',
      'Original-Recipient: rfc822;a@x.example',
      'Final-Recipient: rfc822; a@x.example',
      'Action: failed',
      'Status: 5.1.1',
      '',
      'Final-Recipient: rfc822; b@x.example',
      'Original-Recipient: rfc822;b@x.example',
      'Action: delayed',
      'Status: 4.2.2',
      'Diagnostic-Code: smtp; 452 4.2.2 Mailbox full,',
      '    try again later',
    ].join('\n');
    expect(parseDsnFields(text)).toEqual([
      {
        originalRecipient: 'rfc822;a@x.example',
        finalRecipient: 'rfc822; a@x.example',
        action: 'failed',
        status: '5.1.1',
      },
      {
        finalRecipient: 'rfc822; b@x.example',
        originalRecipient: 'rfc822;b@x.example',
        action: 'delayed',
        status: '4.2.2',
        diagnostic: 'smtp; 452 4.2.2 Mailbox full, try again later',
      },
    ]);
  });

  it('splits recipients written without blank lines between them', () => {
    const text =
      'Final-Recipient: rfc822; a@x.example\nAction: failed\nFinal-Recipient: rfc822; b@x.example\nAction: failed\n';
    expect(recipientsFromDsn(text, new Map()).map((r) => r.address)).toEqual(['a@x.example', 'b@x.example']);
  });

  it('prefers the status the remote server quoted over a relay’s generic one', () => {
    const text =
      "Final-Recipient: rfc822; a@x.example\nAction: failed\nStatus: 5.0.0\nDiagnostic-Code: smtp; 5.1.0 - Unknown address error 550-'5.2.2 <a@x.example>... Mailbox Full'\n";
    expect(recipientsFromDsn(text, new Map())[0]).toMatchObject({
      status: '5.2.2',
      reason: 'mailboxfull',
      hard: false,
    });
  });

  it('ignores recipients that are not addresses', () => {
    expect(recipientsFromDsn('Final-Recipient: rfc822; not-an-address\nAction: failed\n', new Map())).toEqual([]);
  });
});
