import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { classifyEmail } from './classify-email';

/** Bounces, reports and auto-replies written in the formats real MTAs and clients produce. */
const FIXTURES = join(__dirname, '../../../../../test/fixtures/automatic-mail');
const load = (name: string): Buffer => readFileSync(join(FIXTURES, name));
const ORIGINAL_ID = 'mgw.k1.abcdefghijklmnop.x7y8z9@reply.shop.example';

describe('classifyEmail: bounces', () => {
  it.each([
    ['postfix-dsn-user-unknown.eml', 'nobody@customer.example', '5.1.1', 'userunknown', true],
    ['exim-failed-recipients.eml', 'gone@customer.example', '5.1.1', 'userunknown', true],
    ['exim-plain-legacy.eml', 'nouser@customer.example', '5.0.911', 'userunknown', true],
    ['sendmail-dsn-host-unknown.eml', 'someone@no-such-domain.example', '5.1.2', 'hostunknown', true],
    ['qmail-bounce.eml', 'noone@customer.example', '5.1.1', 'userunknown', true],
    ['office365-ndr.eml', 'former.employee@customer.example', '5.1.10', 'userunknown', true],
    ['gmail-dsn.eml', 'typo@gmial.example', '5.1.2', 'hostunknown', true],
    ['yahoo-bounce.eml', 'inactive@customer.example', '5.0.911', 'userunknown', true],
    ['amazon-ses-dsn.eml', 'quota@customer.example', '5.2.2', 'mailboxfull', false],
    ['sendgrid-bounce.eml', 'blocked@customer.example', '5.7.1', 'blocked', false],
    ['german-latin1-bounce.eml', 'ehemalig@kunde.example', '5.1.1', 'userunknown', true],
    ['apache-james-bounce.eml', 'left@customer.example', '5.0.911', 'userunknown', true],
    ['exchange-2003-ndr.eml', 'former@customer.example', '5.0.911', 'userunknown', true],
    ['interscan-mss-bounce.eml', 'typo@customer.example', '5.1.1', 'userunknown', true],
    ['interscan-mss-japanese.eml', 'moved@customer.example', '5.1.6', 'hasmoved', true],
    ['x6-rejected-recipient.eml', 'nobody@customer.example', '5.1.1', 'userunknown', true],
    ['fml-not-member.eml', 'owners@customer.example', '5.0.918', 'rejected', false],
  ])('%s: %s failed with %s (%s, hard %s)', async (file, address, status, reason, hard) => {
    const result = await classifyEmail(load(file));
    expect(result.kind).toBe('bounce');
    expect(result.bounce?.recipients).toEqual([
      expect.objectContaining({ address, status, reason, hard, action: 'failed' }),
    ]);
    expect(result.originalMessageId).toBe(ORIGINAL_ID);
    expect(result.reasons.length).toBeGreaterThan(0);
  });

  it('reports every recipient of a multi-recipient DSN with its own status', async () => {
    const result = await classifyEmail(load('dsn-two-recipients.eml'));
    expect(result.bounce?.recipients).toEqual([
      expect.objectContaining({ address: 'a@customer.example', status: '5.1.1', hard: true }),
      expect.objectContaining({ address: 'b@customer.example', status: '4.4.7', hard: false }),
    ]);
  });

  it.each([
    [
      'postfix-legacy-plain.eml',
      ['full@customer.example', '5.2.2', 'mailboxfull', false],
      ['nodomain@no-such-host.example', '5.0.912', 'hostunknown', true],
    ],
    [
      'sendmail-legacy-transcript.eml',
      ['lost@no-such-host.example', '5.0.912', 'hostunknown', true],
      ['ghost@customer.example', '5.0.911', 'userunknown', true],
    ],
  ] as const)('%s: each recipient of a plain-text bounce gets its own words', async (file, ...expected) => {
    const result = await classifyEmail(load(file));
    expect(result.kind).toBe('bounce');
    expect(result.bounce?.recipients).toEqual(
      expected.map(([address, status, reason, hard]) => expect.objectContaining({ address, status, reason, hard })),
    );
  });

  it('keeps a delay warning as a soft, not failed, recipient', async () => {
    const result = await classifyEmail(load('postfix-dsn-mailbox-full-delayed.eml'));
    expect(result.kind).toBe('bounce');
    expect(result.bounce?.recipients).toEqual([
      expect.objectContaining({ address: 'full@customer.example', action: 'delayed', status: '4.2.2', hard: false }),
    ]);
  });

  it.each([
    ['exim-delay-warning.eml', '4.7.1'],
    ['sendmail-delay-warning-plain.eml', '4.0.944'],
  ])('reads the plain-text delay warning %s as delayed, not failed', async (file, status) => {
    const result = await classifyEmail(load(file));
    expect(result.kind).toBe('bounce');
    expect(result.bounce?.recipients).toEqual([
      expect.objectContaining({ address: 'slow@customer.example', action: 'delayed', status, hard: false }),
    ]);
  });

  it('recognises a successful-delivery DSN', async () => {
    const result = await classifyEmail(load('delivery-success.eml'));
    expect(result.kind).toBe('delivery_success');
    expect(result.bounce?.recipients[0]).toMatchObject({ address: 'jane@customer.example', action: 'relayed' });
  });

  it.each(['sendmail-return-receipt.eml', 'dsn-success-without-action.eml', 'success-notification-text-only.eml'])(
    '%s: a success report without Action or without a report part is not a bounce',
    async (file) => {
      const result = await classifyEmail(load(file));
      expect(result.kind).toBe('delivery_success');
      expect(result.bounce?.recipients).toEqual([
        expect.objectContaining({ address: 'jane@customer.example', action: 'delivered', hard: false }),
      ]);
    },
  );

  it('reads the raw body of a bounce whose MIME mailparser cannot split (boundary on an unindented line)', async () => {
    const result = await classifyEmail(load('sms-gateway-broken-mime.eml'));
    expect(result.kind).toBe('bounce');
    expect(result.originalMessageId).toBe(ORIGINAL_ID);
  });

  it('reads a receipt that also names a failure as a bounce', async () => {
    const raw = [
      'From: MAILER-DAEMON@mx.customer.example',
      'To: support@shop.example',
      'Subject: Returned mail: see transcript for details',
      '',
      '   ----- The following addresses had successful deliveries -----',
      '<jane@customer.example>',
      '',
      '   ----- The following addresses had permanent fatal errors -----',
      '<gone@customer.example>',
      '    (reason: 550 5.1.1 User unknown)',
      '',
    ].join('\r\n');
    const result = await classifyEmail(raw);
    expect(result.kind).toBe('bounce');
    expect(result.bounce?.recipients).toContainEqual(
      expect.objectContaining({ address: 'gone@customer.example', status: '5.1.1', hard: true }),
    );
  });

  it('lists the addresses where reply tokens can sit (VERP To, original Reply-To)', async () => {
    const result = await classifyEmail(load('postfix-dsn-user-unknown.eml'));
    expect(result.relatedAddresses).toEqual(
      expect.arrayContaining([
        'bounces+k1.abcdef@reply.shop.example',
        'reply+k1.abcdefghijklmnopqrstuvwxyz@reply.shop.example',
      ]),
    );
  });
});

describe('classifyEmail: feedback reports (RFC 5965)', () => {
  it('reads the feedback type and the reported recipient', async () => {
    const result = await classifyEmail(load('arf-abuse.eml'));
    expect(result).toMatchObject({
      kind: 'feedback_report',
      feedback: { type: 'abuse', recipients: ['complainer@customer.example'] },
      originalMessageId: ORIGINAL_ID,
    });
  });

  it('falls back to the To of the embedded message when the report names no recipient', async () => {
    const result = await classifyEmail(load('arf-opt-out-no-rcpt-field.eml'));
    expect(result.feedback).toEqual({ type: 'opt-out', recipients: ['leaver@customer.example'] });
  });
});

describe('classifyEmail: provider notifications and non-standard reports', () => {
  it('reads an Amazon SES bounce notification delivered through SNS, long lines wrapped', async () => {
    const result = await classifyEmail(load('ses-sns-bounce-notification.eml'));
    expect(result.kind).toBe('bounce');
    expect(result.bounce?.recipients).toEqual([
      expect.objectContaining({ address: 'ghost@customer.example', status: '5.1.1', hard: true }),
    ]);
    expect(result.originalMessageId).toBe('0100018bcf4a1b2c-12345678-aaaa-bbbb-cccc-1234567890ab-000000');
  });

  it('reads a Microsoft JMRP complaint (no ARF part)', async () => {
    const result = await classifyEmail(load('outlook-jmrp-complaint.eml'));
    expect(result).toMatchObject({
      kind: 'feedback_report',
      feedback: { type: 'abuse', recipients: ['reporter@customer.example'] },
      originalMessageId: ORIGINAL_ID,
    });
  });
});

describe('classifyEmail: auto-replies', () => {
  it.each([
    'outlook-automatic-reply.eml',
    'outlook-german-ooo.eml',
    'outlook-french-ooo.eml',
    'spanish-ooo.eml',
    'gmail-vacation.eml',
    'exchange-oof-old.eml',
    'x-autoreply.eml',
    'precedence-auto-reply.eml',
    'japanese-ooo.eml',
  ])('%s is an auto-reply to the original', async (file) => {
    const result = await classifyEmail(load(file));
    expect(result.kind).toBe('auto_reply');
    expect(result.originalMessageId).toBe(ORIGINAL_ID);
  });
});

describe('classifyEmail: a person’s email', () => {
  it.each([
    'normal-reply.eml',
    'normal-latin1.eml',
    'person-asking-about-autoreply.eml',
    'person-out-of-office-subject.eml',
    'person-auto-submitted-no.eml',
    'person-forwarding-a-bounce.eml',
    'mailing-list-welcome.eml',
  ])('%s is a message', async (file) => {
    expect(await classifyEmail(load(file))).toEqual({ kind: 'message', reasons: [] });
  });

  it('accepts a string as well as a Buffer', async () => {
    const result = await classifyEmail(load('arf-abuse.eml').toString('utf8'));
    expect(result.kind).toBe('feedback_report');
  });

  it('treats garbage as a message instead of failing', async () => {
    await expect(classifyEmail('not an email at all')).resolves.toMatchObject({ kind: 'message' });
    await expect(classifyEmail(Buffer.alloc(0))).resolves.toMatchObject({ kind: 'message' });
  });
});
