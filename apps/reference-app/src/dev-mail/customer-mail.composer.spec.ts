import { simpleParser } from 'mailparser';
import type { CapturedEmail } from './captured-email';
import { composeCustomerReply } from './customer-mail.composer';

describe('composeCustomerReply', () => {
  const original: CapturedEmail = {
    id: '1',
    receivedAt: new Date('2026-01-01T10:00:00Z'),
    envelope: { from: 'support@shop.example', to: ['grace@customer.example'] },
    from: 'Support <support@shop.example>',
    to: 'grace@customer.example',
    replyTo: 'reply+abc123@reply.shop.example',
    subject: 'Re: My parcel',
    messageId: '<answer-1@shop.example>',
    references: ['<question-1@customer.example>'],
    date: new Date('2026-01-01T10:00:00Z'),
    text: 'It ships today.\n> older quote',
    headers: [],
    attachments: [],
    raw: Buffer.from(''),
  };

  it('writes like a mail client: To the Reply-To, threading headers, new text above the quote', async () => {
    const parsed = await simpleParser(await composeCustomerReply(original, 'Thanks!'));
    expect(parsed.to).toMatchObject({ text: 'reply+abc123@reply.shop.example' });
    expect(parsed.from).toMatchObject({ text: 'grace@customer.example' });
    expect(parsed.subject).toBe('Re: My parcel');
    expect(parsed.inReplyTo).toBe('<answer-1@shop.example>');
    expect(parsed.references).toEqual(['<question-1@customer.example>', '<answer-1@shop.example>']);
    expect(parsed.messageId).toMatch(/@customer\.example>$/);
    expect(parsed.text).toMatch(
      /^Thanks!\n\nOn .+, Support <support@shop\.example> wrote:\n> It ships today\.\n>> older quote/,
    );
  });
});
