import { parseRecipient } from './recipient-address';
import { refusedRecipient } from './recipient-policy';

describe('parseRecipient', () => {
  it.each([
    ['ann@example.com', 'ann@example.com'],
    ['Ann.Lee+tag@Example.COM', 'Ann.Lee+tag@example.com'],
    ['  ann@example.com ', 'ann@example.com'],
    ['"john..doe"@example.com', '"john..doe"@example.com'],
    ["o'brien@sub.example.co.uk", "o'brien@sub.example.co.uk"],
    ['ann@bücher.example', 'ann@xn--bcher-kva.example'],
  ])('accepts %s as %s', (input, expected) => {
    expect(parseRecipient(input)).toBe(expected);
  });

  it.each([
    ['"victim@x.com x"@internal.example', 'quoted local part with @ and space (GHSA-mm7p-fcc7-pg87)'],
    ['"a b"@example.com', 'quoted space'],
    ['a@x.example, b@y.example', 'two addresses'],
    ['undisclosed-recipients:;', 'empty group'],
    ['friends: a@x.example;', 'group syntax'],
    ['Ann <ann@example.com>', 'display name where a bare address is required'],
    ['ann@example.com\r\nBcc: x@evil.example', 'CRLF'],
    ['ann@example.com\u2028', 'line separator'],
    ['ann\u0000@example.com', 'NUL'],
    ['ann(comment)@example.com', 'comment'],
    ['ann@[127.0.0.1]', 'domain literal'],
    ['ann@10.0.0.1', 'IP address'],
    ['ann@localhost', 'single label'],
    ['ann@-bad.example', 'label starting with a hyphen'],
    ['.ann@example.com', 'leading dot'],
    ['ann..lee@example.com', 'double dot'],
    ['@example.com', 'no local part'],
    ['ann@', 'no domain'],
    [`${'a'.repeat(65)}@example.com`, 'local part over 64 octets'],
    ['anné@example.com', 'non-ASCII local part'],
    ['', 'empty'],
  ])('refuses %s (%s) with EGW_INVALID_RECIPIENT', (input) => {
    expect(() => parseRecipient(input)).toThrow(expect.objectContaining({ code: 'EGW_INVALID_RECIPIENT' }));
  });

  it('reads the address inside "Name <address>" only when allowed, and still checks it', () => {
    expect(parseRecipient('Ann Lee <ann@example.com>', { allowDisplayName: true })).toBe('ann@example.com');
    expect(() => parseRecipient('Ann <"victim@x.com x"@internal.example>', { allowDisplayName: true })).toThrow(
      expect.objectContaining({ code: 'EGW_INVALID_RECIPIENT' }),
    );
    expect(() => parseRecipient('a <b@x.example>, c <d@y.example>', { allowDisplayName: true })).toThrow();
  });

  it('refuses non-strings', () => {
    expect(() => parseRecipient(undefined)).toThrow(expect.objectContaining({ code: 'EGW_INVALID_RECIPIENT' }));
    expect(() => parseRecipient(['a@b.example'])).toThrow();
  });
});

describe('refusedRecipient', () => {
  const own = { from: 'support@example.com', replyDomain: 'reply.example.com' };
  it.each([
    ['Support@Example.com', 'own_address'],
    ['reply+1.abc@reply.example.com', 'own_address'],
    ['x@mx.reply.example.com', 'own_address'],
    ['no-reply@shop.example', 'machine_address'],
    ['NoReply@shop.example', 'machine_address'],
    ['donotreply@shop.example', 'machine_address'],
    ['MAILER-DAEMON@mx.example', 'machine_address'],
    ['postmaster@mx.example', 'machine_address'],
    ['bounces+123@mail.example', 'machine_address'],
  ])('refuses %s as %s', (address, reason) => {
    expect(refusedRecipient(address, own)).toBe(reason);
  });

  it.each(['ann@example.com', 'replyguy@example.com', 'noreplyfan@example.com', 'ann@notreply.example.com'])(
    'lets %s through',
    (address) => {
      expect(refusedRecipient(address, own)).toBeNull();
    },
  );
});
