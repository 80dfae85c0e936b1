import { imapMailboxKey } from './imap-mailbox-key';
import { testImapOptions } from './imap.test-support';

const key = (over: Parameters<typeof testImapOptions>[0]): string =>
  imapMailboxKey(testImapOptions({ host: 'IMAP.Example.com', user: 'Support@Example.com', ...over }));

describe('imapMailboxKey', () => {
  it('lower-cases host and user so that every instance agrees on the key', () => {
    expect(key({})).toBe('support@example.com@imap.example.com:993/INBOX');
  });

  it('treats INBOX case-insensitively (RFC 3501 5.1) and other names as written', () => {
    expect(key({ mailbox: 'inbox' })).toBe(key({ mailbox: 'INBOX' }));
    expect(key({ mailbox: 'Support' })).not.toBe(key({ mailbox: 'support' }));
  });

  it('tells apart ports and mailboxes of one account', () => {
    expect(key({ port: 143 })).not.toBe(key({}));
    expect(key({ mailbox: 'Billing' })).not.toBe(key({}));
  });
});
