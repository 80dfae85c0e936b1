/** Raw MIME of reports about an email the gateway sent, in the formats real MTAs produce. */

const CRLF = '\r\n';
const join = (lines: string[]): string => lines.join(CRLF);

/** An RFC 3464 DSN as Postfix writes it, with the original's headers (text/rfc822-headers). */
export function postfixDsn(input: {
  recipient: string;
  status: string;
  diagnostic: string;
  originalMessageId: string;
  /** Reply-To of the original (our reply+TOKEN address). */
  replyTo?: string;
}): string {
  const boundary = '4B3C21A0E3.1700000000/mx.example.org';
  return join([
    'Return-Path: <>',
    'Received: by mx.example.org (Postfix) id 4B3C21A0E3; Tue, 14 Nov 2023 10:00:00 +0000 (UTC)',
    'Date: Tue, 14 Nov 2023 10:00:00 +0000 (UTC)',
    'From: MAILER-DAEMON@mx.example.org (Mail Delivery System)',
    'Subject: Undelivered Mail Returned to Sender',
    'To: bounces@reply.test.example',
    'Auto-Submitted: auto-replied',
    'MIME-Version: 1.0',
    `Content-Type: multipart/report; report-type=delivery-status; boundary="${boundary}"`,
    'Message-Id: <20231114100000.4B3C21A0E3@mx.example.org>',
    '',
    'This is a MIME-encapsulated message.',
    '',
    `--${boundary}`,
    'Content-Description: Notification',
    'Content-Type: text/plain; charset=us-ascii',
    '',
    'This is the mail system at host mx.example.org.',
    '',
    "I'm sorry to have to inform you that your message could not",
    "be delivered to one or more recipients. It's attached below.",
    '',
    `<${input.recipient}>: ${input.diagnostic}`,
    '',
    `--${boundary}`,
    'Content-Description: Delivery report',
    'Content-Type: message/delivery-status',
    '',
    'Reporting-MTA: dns; mx.example.org',
    'X-Postfix-Queue-ID: 4B3C21A0E3',
    'Arrival-Date: Tue, 14 Nov 2023 09:59:58 +0000 (UTC)',
    '',
    `Final-Recipient: rfc822; ${input.recipient}`,
    `Original-Recipient: rfc822;${input.recipient}`,
    'Action: failed',
    `Status: ${input.status}`,
    'Remote-MTA: dns; mail.customer.example',
    `Diagnostic-Code: smtp; ${input.diagnostic}`,
    '',
    `--${boundary}`,
    'Content-Description: Undelivered Message Headers',
    'Content-Type: text/rfc822-headers',
    '',
    'From: Support <support@test.example>',
    ...(input.replyTo ? [`Reply-To: ${input.replyTo}`] : []),
    `To: ${input.recipient}`,
    'Subject: Re: Your order',
    `Message-ID: <${input.originalMessageId}>`,
    'Date: Tue, 14 Nov 2023 09:59:57 +0000',
    '',
    `--${boundary}--`,
    '',
  ]);
}

/** An RFC 5965 abuse report as mailbox providers' feedback loops send it. */
export function arfReport(input: { recipient: string; originalMessageId: string }): string {
  const boundary = 'feedback-report-boundary-1';
  return join([
    'From: Feedback Loop <fbl@mailbox-provider.example>',
    'To: abuse@reply.test.example',
    'Subject: FW: Re: Your order',
    'Date: Wed, 15 Nov 2023 08:00:00 +0000',
    'MIME-Version: 1.0',
    `Content-Type: multipart/report; report-type=feedback-report; boundary="${boundary}"`,
    '',
    `--${boundary}`,
    'Content-Type: text/plain; charset="US-ASCII"',
    '',
    'This is an email abuse report for an email message received from IP 192.0.2.10.',
    '',
    `--${boundary}`,
    'Content-Type: message/feedback-report',
    '',
    'Feedback-Type: abuse',
    'User-Agent: ExampleFBL/1.0',
    'Version: 1',
    'Original-Mail-From: <bounces@reply.test.example>',
    `Original-Rcpt-To: <${input.recipient}>`,
    'Source-IP: 192.0.2.10',
    'Arrival-Date: Wed, 15 Nov 2023 07:59:00 +0000',
    '',
    `--${boundary}`,
    'Content-Type: message/rfc822',
    'Content-Disposition: inline',
    '',
    'From: Support <support@test.example>',
    `To: ${input.recipient}`,
    'Subject: Re: Your order',
    `Message-ID: <${input.originalMessageId}>`,
    'Date: Wed, 15 Nov 2023 07:58:00 +0000',
    '',
    'Your order has shipped.',
    '',
    `--${boundary}--`,
    '',
  ]);
}

/** An Outlook / Exchange out-of-office notice: no Auto-Submitted, only the subject and X-Auto-Response-Suppress. */
export function outlookOutOfOffice(input: { from: string; inReplyTo: string }): string {
  return join([
    `From: Jane Customer <${input.from}>`,
    'To: reply+token@reply.test.example',
    'Subject: Automatic reply: Re: Your order',
    'Date: Wed, 15 Nov 2023 08:00:00 +0000',
    'Message-ID: <oof-1@customer.example>',
    `In-Reply-To: <${input.inReplyTo}>`,
    'X-Auto-Response-Suppress: All',
    'X-MS-Exchange-Inbox-Rules-Loop: jane@customer.example',
    'Content-Type: text/plain; charset="us-ascii"',
    '',
    'I am out of the office until Monday with limited access to email.',
    '',
  ]);
}

/** A bounce that names no recipient (some appliances only say the message failed), original quoted. */
export function bounceWithoutRecipients(input: { originalMessageId: string; recipient: string }): string {
  return join([
    'Return-Path: <>',
    'From: Mail Delivery System <MAILER-DAEMON@gateway.customer.example>',
    'To: support@test.example',
    'Subject: Undelivered Mail Returned to Sender',
    'Date: Tue, 14 Nov 2023 10:10:00 +0000',
    'Content-Type: text/plain; charset=us-ascii',
    '',
    'Your message could not be delivered. Please contact your administrator.',
    '',
    '--- Below this line is a copy of the message.',
    '',
    'From: Support <support@test.example>',
    `To: ${input.recipient}`,
    'Subject: Re: Your order',
    `Message-ID: <${input.originalMessageId}>`,
    '',
    'Your order has shipped.',
    '',
  ]);
}

/** A Postfix "delayed mail" warning: still being retried, not a failure. */
export function postfixDelayWarning(input: { recipient: string; originalMessageId: string }): string {
  return postfixDsn({
    ...input,
    status: '4.4.1',
    diagnostic: 'connect to mx.customer.example[203.0.113.9]:25: Connection timed out',
  })
    .replace('Action: failed', 'Action: delayed')
    .replace('Subject: Undelivered Mail Returned to Sender', 'Subject: Delayed Mail (still being retried)');
}
