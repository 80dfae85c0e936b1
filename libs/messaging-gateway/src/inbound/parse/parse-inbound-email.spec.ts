import { countMimeParts } from './count-mime-parts';
import { parseInboundEmail, safeFileName } from './parse-inbound-email';
import { sanitizeEmailHtml } from './sanitize-email-html';

const limits = { maxBytes: 1_000_000, maxParts: 50, timeoutMs: 5000 };
const parse = (raw: string, envelope = {}) => parseInboundEmail(Buffer.from(raw), envelope, limits);

function multipart(parts: number): string {
  let body = 'From: a@example.org\r\nContent-Type: multipart/mixed; boundary="xx"\r\n\r\npreamble\r\n';
  for (let i = 0; i < parts; i++) body += `--xx\r\nContent-Type: text/plain\r\n\r\npart ${i}\r\n`;
  return body + '--xx--\r\n';
}

describe('countMimeParts', () => {
  it('counts delimiter lines of declared boundaries, not the closing one', () => {
    expect(countMimeParts(Buffer.from('Subject: x\r\n\r\nhello'), 10)).toBe(1);
    expect(countMimeParts(Buffer.from(multipart(3)), 10)).toBe(4);
  });

  it('reads the boundary parameter in any case (a BOUNDARY= spelling must not bypass the limit)', () => {
    expect(countMimeParts(Buffer.from(multipart(30).replace('boundary=', 'BoUnDaRy=')), 20)).toBe(21);
  });

  it('stops counting past the limit', () => {
    expect(countMimeParts(Buffer.from(multipart(10_000)), 20)).toBe(21);
  });

  it('ignores dashes that are not a declared boundary (signatures, rules)', () => {
    const raw = 'Content-Type: multipart/mixed; boundary=b1\r\n\r\n--b1\r\n\r\n-- \r\nsig\r\n------\r\n--b1--\r\n';
    expect(countMimeParts(Buffer.from(raw), 10)).toBe(2);
  });
});

describe('parseInboundEmail', () => {
  it('refuses more parts than inbound.maxParts before parsing', async () => {
    await expect(parse(multipart(60))).rejects.toMatchObject({ code: 'EGW_TOO_MANY_PARTS', transient: false });
  });

  it('gives up past the time budget with EGW_PARSE_TIMEOUT', async () => {
    const big =
      'From: a@example.org\r\nContent-Type: text/plain\r\n\r\n' + 'x'.repeat(80).concat('\r\n').repeat(100_000);
    await expect(
      parseInboundEmail(Buffer.from(big), {}, { ...limits, maxBytes: 1e8, timeoutMs: 1 }),
    ).rejects.toMatchObject({
      code: 'EGW_PARSE_TIMEOUT',
      transient: false,
    });
  });

  it('refuses bytes that do not start with a header field', async () => {
    await expect(parse('\u0000garbage\r\n\r\nbody')).rejects.toMatchObject({ code: 'EGW_PARSE' });
  });

  it('does not trust an address that only exists inside an RFC 2047 encoded word', async () => {
    const { email } = await parse('From: =?utf-8?b?YXR0YWNrZXJAZXZpbC5jb20=?=\r\nTo: support@example.com\r\n\r\nhi');
    expect(email.from).toBeNull();
    const named = await parse('From: =?utf-8?b?YXR0YWNrZXJAZXZpbC5jb20=?= <real@example.org>\r\n\r\nhi');
    expect(named.email.from).toEqual({ address: 'real@example.org', name: 'attacker@evil.com' });
  });

  it('decodes charsets and strips NUL bytes before anything reaches PostgreSQL', async () => {
    const raw =
      'From: =?iso-8859-1?q?J=F6rg?= <joerg@example.de>\r\nSubject: =?iso-8859-1?q?Gr=FC=DFe?=\x00\r\n' +
      'Content-Type: text/plain; charset=iso-8859-1\r\nContent-Transfer-Encoding: quoted-printable\r\n\r\nSch=F6n=00 hier\r\n';
    const { email } = await parse(raw);
    expect(email.from).toEqual({ address: 'joerg@example.de', name: 'Jörg' });
    expect(email.subject).toBe('Grüße');
    expect(email.text).toContain('Schön hier');
    const nulSender = await parse('From: "x" <a\u0000b@example.org>\r\n\r\nhi');
    expect(nulSender.email.from).toBeNull();
    expect(JSON.stringify(email)).not.toContain('\\u0000');
  });

  it('collects recipients from To, Cc, Delivered-To, X-Original-To and the envelope, and threading ids', async () => {
    const raw =
      'From: a@example.org\r\nTo: "Sup" <Support@Example.com>\r\nCc: b@example.org\r\nDelivered-To: reply+abc@reply.example\r\n' +
      'X-Original-To: orig@example.com\r\nMessage-ID: <m1@example.org>\r\nIn-Reply-To: <p1@example.com>\r\n' +
      'References: <r1@example.com>\r\n <p1@example.com>\r\nImportance: High\r\n\r\nhi';
    const { email } = await parse(raw, { recipients: ['Env@Example.com'] });
    expect(email.to.map((a) => a.address)).toEqual(['support@example.com']);
    expect(email.cc.map((a) => a.address)).toEqual(['b@example.org']);
    expect(email.deliveredTo).toEqual(['reply+abc@reply.example', 'orig@example.com']);
    expect(email.envelopeRecipients).toEqual(['env@example.com']);
    expect(email).toMatchObject({ messageId: 'm1@example.org', inReplyTo: ['p1@example.com'], markedImportant: true });
    expect(email.references).toEqual(['r1@example.com', 'p1@example.com']);
  });

  it('keeps attachment metadata only, with a safe name', async () => {
    const raw =
      'From: a@example.org\r\nContent-Type: multipart/mixed; boundary=q\r\n\r\n--q\r\nContent-Type: text/plain\r\n\r\nsee file\r\n' +
      '--q\r\nContent-Type: image/png\r\nContent-Disposition: inline; filename="..\\\\..\\\\evil\u202e.png"\r\nContent-ID: <img1>\r\n' +
      'Content-Transfer-Encoding: base64\r\n\r\niVBORw0KGgo=\r\n--q--\r\n';
    const { email } = await parse(raw);
    expect(email.attachments).toEqual([
      { name: 'evil.png', type: 'image/png', size: 8, contentId: '<img1>', inline: true },
    ]);
  });
});

describe('safeFileName and sanitizeEmailHtml', () => {
  it('keeps base names only', () => {
    expect(safeFileName('../../etc/passwd')).toBe('passwd');
    expect(safeFileName('...')).toBe('attachment');
    expect(safeFileName(undefined)).toBe('attachment');
  });

  it('removes scripts, handlers, javascript: and data: URLs, keeps formatting and links', () => {
    const html = sanitizeEmailHtml(
      '<p onclick="x()">Hi <b>you</b></p><script>alert(1)</script><style>p{}</style><iframe src="https://x"></iframe>' +
        '<a href="JaVaScRiPt:alert(1)">a</a><a href="https://ok.example/">b</a><img src="data:image/png;base64,AAAA"><img src="cid:logo">',
    );
    expect(html).toContain('<p>Hi <b>you</b></p>');
    expect(html).toContain('href="https://ok.example/"');
    expect(html).toContain('src="cid:logo"');
    expect(html).not.toMatch(/script|onclick|iframe|javascript|data:|style/i);
  });
});
