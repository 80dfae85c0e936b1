import { join } from 'node:path';
import { Controller, Get, Param, Post, Query, Res } from '@nestjs/common';
import type { Response } from 'express';
import { type InboundEmailStatus, InboundReason } from 'nestjs-messaging-gateway';
import { ViewRenderer } from '../web/view-renderer';
import { GatewayRecordsService } from './gateway-records.service';
import { InboundReplayService } from './inbound-replay.service';
import { OutboundResendService } from './outbound-resend.service';

const SENDER_HOLDS: string[] = [InboundReason.SENDER_UNAUTHENTICATED, InboundReason.SENDER_AMBIGUOUS];
const STATUSES: InboundEmailStatus[] = ['pending', 'processing', 'delivered', 'ignored', 'rejected', 'failed'];

/**
 * Every inbound email with its status and reason (failed ones can be replayed), and every outbound
 * one with its delivery state (failed or expired ones can be resent).
 */
@Controller()
export class EmailLogController {
  constructor(
    private readonly records: GatewayRecordsService,
    private readonly replayer: InboundReplayService,
    private readonly resender: OutboundResendService,
    private readonly views: ViewRenderer,
  ) {}

  @Get('email-log')
  async emailLog(@Query() query: Record<string, string>, @Res() res: Response): Promise<void> {
    const status = STATUSES.includes(query.status as InboundEmailStatus)
      ? (query.status as InboundEmailStatus)
      : undefined;
    const emails = await this.records.inboundEmails(status);
    this.views.render(res, join(__dirname, 'views', 'email-log.hbs'), {
      title: 'Email log',
      nav: 'email-log',
      // Failed emails, and sender holds an operator may release (the replay posts them).
      emails: emails.map((email) => ({
        ...email,
        replayable: email.status === 'failed' || SENDER_HOLDS.includes(email.reasonCode ?? ''),
      })),
      statuses: STATUSES.map((name) => ({ name, selected: name === status })),
      flash: query.replayed
        ? { kind: query.replayed === 'ok' ? 'ok' : 'error', text: replayMessage(query.replayed) }
        : undefined,
    });
  }

  @Post('email-log/:id/replay')
  async replay(@Param('id') id: string, @Res() res: Response): Promise<void> {
    const outcome = await this.replayer.replay(id);
    res.redirect(303, `/email-log?replayed=${outcome}`);
  }

  @Get('outbox')
  async outbox(@Query('resent') resent: string | undefined, @Res() res: Response): Promise<void> {
    const emails = await this.records.outboundEmails();
    this.views.render(res, join(__dirname, 'views', 'outbox.hbs'), {
      title: 'Outbox',
      nav: 'outbox',
      emails,
      flash: resent ? { kind: resent === 'ok' ? 'ok' : 'error', text: resendMessage(resent) } : undefined,
    });
  }

  @Post('outbox/:id/resend')
  async resend(@Param('id') id: string, @Res() res: Response): Promise<void> {
    const { outcome } = await this.resender.resend(id);
    res.redirect(303, `/outbox?resent=${outcome}`);
  }
}

function resendMessage(outcome: string): string {
  if (outcome === 'ok') return 'The email was queued again, with its same Message-ID.';
  if (outcome === 'not_found') return 'There is no such email.';
  return 'The email cannot be resent (it is not failed, or its recipient is invalid or refused).';
}

function replayMessage(outcome: string): string {
  if (outcome === 'ok') return 'The email was queued again.';
  return 'The email could not be replayed (it is neither failed nor held by the sender check, or its raw MIME was purged).';
}
