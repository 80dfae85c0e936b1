import { join } from 'node:path';
import { Body, Controller, Get, Param, Post, Query, Res } from '@nestjs/common';
import type { Response } from 'express';
import { AppConfig } from '../config/app-config';
import { ViewRenderer } from '../web/view-renderer';
import { composeCustomerEmail, composeCustomerReply } from './customer-mail.composer';
import { DevMailbox } from './dev-mailbox';
import { InboundWebhookClient } from './inbound-webhook.client';

const view = (name: string): string => join(__dirname, 'views', `${name}.hbs`);
const ADDRESS = /^[^\s@<>()",;]+@[^\s@<>()",;]+$/;

/** The Dev mailbox: what the app sent, and forms that write back as the customer. */
@Controller('dev-mail')
export class DevMailController {
  constructor(
    private readonly mailbox: DevMailbox,
    private readonly webhook: InboundWebhookClient,
    private readonly config: AppConfig,
    private readonly views: ViewRenderer,
  ) {}

  @Get()
  list(@Query() query: Record<string, string>, @Res() res: Response): void {
    this.views.render(res, view('dev-mailbox'), {
      title: 'Dev mailbox',
      nav: 'dev-mail',
      enabled: this.mailbox.enabled,
      emails: this.mailbox.list(),
      supportAddress: this.config.supportAddress,
      flash: flash(query),
    });
  }

  @Get(':id')
  show(@Param('id') id: string, @Query() query: Record<string, string>, @Res() res: Response): void {
    const email = this.mailbox.get(id);
    if (!email) return res.redirect(303, '/dev-mail');
    this.views.render(res, view('captured-email'), {
      title: email.subject || '(no subject)',
      nav: 'dev-mail',
      email,
      raw: email.raw.toString('utf8').slice(0, 20_000),
      flash: flash(query),
    });
  }

  @Post('compose')
  async compose(@Body() body: Record<string, string>, @Res() res: Response): Promise<void> {
    const from = String(body.from ?? '').trim();
    const text = String(body.text ?? '').trim();
    if (!ADDRESS.test(from) || !text) return res.redirect(303, '/dev-mail?error=compose');
    const raw = await composeCustomerEmail({
      from,
      to: this.config.supportAddress,
      subject: String(body.subject ?? '').slice(0, 200),
      text,
    });
    const answer = await this.webhook.post(raw);
    res.redirect(303, `/dev-mail?webhook=${answer.status}`);
  }

  @Post(':id/reply')
  async reply(@Param('id') id: string, @Body() body: Record<string, string>, @Res() res: Response): Promise<void> {
    const original = this.mailbox.get(id);
    const text = String(body.text ?? '').trim();
    if (!original || !text) return res.redirect(303, `/dev-mail/${encodeURIComponent(id)}`);
    const answer = await this.webhook.post(await composeCustomerReply(original, text));
    res.redirect(303, `/dev-mail/${encodeURIComponent(id)}?webhook=${answer.status}`);
  }
}

function flash(query: Record<string, string>): { kind: string; text: string } | undefined {
  if (query.error === 'compose') return { kind: 'error', text: 'Give a sender address and a message.' };
  if (!query.webhook) return undefined;
  return query.webhook === '200'
    ? { kind: 'ok', text: 'Sent to POST /gateway/inbound (200). It appears in the inbox in a moment.' }
    : { kind: 'error', text: `POST /gateway/inbound answered ${query.webhook.slice(0, 3)}; see the Email log.` };
}
