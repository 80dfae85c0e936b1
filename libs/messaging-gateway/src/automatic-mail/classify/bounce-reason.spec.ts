import { isHardBounce, reasonOf, smtpCommandOf } from './bounce-reason';
import { statusForReason } from './bounce-status';

const given = { statusGiven: true, temporary: false };
const none = { statusGiven: false, temporary: false };

describe('bounce reasons (Sisimai semantics)', () => {
  it.each([
    ['5.1.1', '550 5.1.1 <a@b.example>: Recipient address rejected: User unknown', given, 'userunknown'],
    ['', '550 Requested action not taken: mailbox unavailable (in reply to RCPT TO command)', none, 'userunknown'],
    ['5.2.0', 'smtp; 550 Unknown user a@b.example', given, 'filtered'],
    ['', 'SMTP error from remote mail server after end of data: 550 User unknown', none, 'filtered'],
    ['5.1.8', '501 5.1.8 Sender address rejected', given, 'rejected'],
    ['5.2.2', '552 5.2.2 Mailbox full', given, 'mailboxfull'],
    ['4.4.7', 'Connection timed out', { statusGiven: true, temporary: true }, 'networkerror'],
    ['', 'Host or domain name not found. Name service error for name=x.example type=A', none, 'hostunknown'],
    ['4.0.0', 'DNS Error: Domain name not found: x.example', { statusGiven: true, temporary: true }, 'networkerror'],
    ['5.7.1', 'Client host [192.0.2.1] blocked using zen.spamhaus.org', given, 'blocked'],
    ['5.7.1', 'Message rejected as spam', given, 'spamdetected'],
    ['5.7.26', 'Unauthenticated email is not accepted due to DMARC policy', given, 'authfailure'],
    ['', 'x-unix; procmail: Couldn\'t create "/var/spool/mail/a"', none, 'mailererror'],
    ['5.3.4', 'message size exceeds fixed maximum message size', given, 'mesgtoobig'],
    ['', 'This account has been disabled or discontinued', none, 'suspend'],
    ['5.7.0', '550 5.7.0 <a@b.example>: Recipient address rejected: Policy violation', given, 'policyviolation'],
    [
      '5.1.0',
      'SMTP error from remote mail server after MAIL FROM:<s@shop.example>: 553 5.1.0 User unknown',
      given,
      'rejected',
    ],
    [
      '',
      'There was an error delivering your mail. DNS lookup failure: host mx.b.example not found',
      none,
      'hostunknown',
    ],
    ['5.3.2', '521 5.3.2 <a@b.example>: System not accepting network messages', given, 'notaccept'],
    ['', 'You are not a member of this mailing list <list@b.example>.', none, 'rejected'],
    ['', 'You may not have permission to post messages to the group.', none, 'rejected'],
    ['', 'Duplicated Message-ID in <list@b.example>.', none, 'systemerror'],
  ] as const)('%s "%s" → %s', (status, diagnostic, context, reason) => {
    expect(reasonOf(status, diagnostic, context)).toBe(reason);
  });

  it('reads addresses as data: a local part never decides the reason', () => {
    expect(reasonOf('5.1.1', 'mailboxfull@b.example does not like recipient: User unknown', given)).toBe('userunknown');
  });

  it('is hard only for unknown users and domains, moved addresses and 5xx "accepts no mail"', () => {
    expect(isHardBounce('userunknown', '5.1.1', '550')).toBe(true);
    expect(isHardBounce('hostunknown', '5.1.2', undefined)).toBe(true);
    expect(isHardBounce('hasmoved', '5.1.6', undefined)).toBe(true);
    expect(isHardBounce('notaccept', '5.1.10', '550')).toBe(true);
    expect(isHardBounce('notaccept', '4.3.2', '421')).toBe(false);
    for (const soft of ['mailboxfull', 'blocked', 'filtered', 'expired', 'spamdetected', 'suspend'] as const) {
      expect(isHardBounce(soft, '5.0.0', '550')).toBe(false);
    }
  });

  it('gives Sisimai internal status codes when the bounce quotes none', () => {
    expect(statusForReason('userunknown', false)).toBe('5.0.911');
    expect(statusForReason('expired', true)).toBe('4.0.947');
  });

  it('finds the SMTP command the failure followed', () => {
    expect(smtpCommandOf('(in reply to RCPT TO command)')).toBe('RCPT');
    expect(smtpCommandOf('SMTP error from remote mail server after end of data')).toBe('DATA');
    expect(smtpCommandOf('after MAIL FROM:<a@b.example>')).toBe('MAIL');
    expect(smtpCommandOf('550 user unknown')).toBe('');
  });
});
