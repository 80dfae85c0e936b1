import { readMessageId, readSenderAddress } from './read-header';

const mime = (headers: string): Buffer => Buffer.from(`${headers}\r\n\r\nbody <x@y.example>\r\n`);

describe('readSenderAddress', () => {
  it('reads the bracketed address after a display name, lower-cased', () => {
    expect(readSenderAddress(mime('Subject: Hi\r\nFrom: Ann Example <Ann@Example.COM>'))).toBe('ann@example.com');
  });

  it('reads a bare address and a folded header', () => {
    expect(readSenderAddress(mime('From: bob@example.org'))).toBe('bob@example.org');
    expect(readSenderAddress(mime('From: "Long, Name"\r\n <carol@example.net>'))).toBe('carol@example.net');
  });

  it('takes the real address, not one written inside the display name', () => {
    expect(readSenderAddress(mime('From: "evil <x@evil.example>" <real@example.com>'))).toBe('real@example.com');
  });

  it('yields nothing for an encoded word, a missing header or a body line', () => {
    expect(readSenderAddress(mime('From: =?utf-8?b?YXR0YWNrZXJAZXZpbC5jb20=?='))).toBeUndefined();
    expect(readSenderAddress(mime('Subject: no sender'))).toBeUndefined();
    expect(readSenderAddress(mime('From: Someone'))).toBeUndefined();
  });
});

describe('readMessageId', () => {
  it('reads the id without brackets', () => {
    expect(readMessageId(mime('Message-ID: <abc@example.com>'))).toBe('abc@example.com');
  });
});

describe('the header block', () => {
  it('ends at the first empty line, with CRLF, LF or mixed line ends', () => {
    expect(readSenderAddress(Buffer.from('Subject: a\n\nFrom: x@y.example\n'))).toBeUndefined();
    expect(readSenderAddress(Buffer.from('From: a@b.example\n\r\nFrom: x@y.example\n'))).toBe('a@b.example');
    expect(readMessageId(Buffer.from('Subject: a\r\n\r\nMessage-ID: <m@x>\r\n'))).toBeUndefined();
    expect(readMessageId(Buffer.from('Message-ID: <only@headers>'))).toBe('only@headers');
  });
});
