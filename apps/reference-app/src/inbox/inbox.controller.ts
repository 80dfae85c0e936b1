import { randomUUID } from 'node:crypto';
import { join } from 'node:path';
import { Body, Controller, Get, Param, Post, Query, Res } from '@nestjs/common';
import type { Response } from 'express';
import { AppError, AppErrorCode } from '../common/app-error';
import type { ReplyFormFile } from '../attachments/reply-form-files';
import { parseListThreads } from '../messages-api/messages-api.dto';
import { serializeMessage, serializeThread } from '../messages-api/messages-api.serializer';
import { MessagesApiService } from '../messages-api/messages-api.service';
import { MessagesService } from '../messages-api/messages.service';
import { ThreadsService } from '../messages-api/threads.service';
import { ViewRenderer } from '../web/view-renderer';
import { GatewayRecordsService } from './gateway-records.service';
import { displayMessage } from './message-display';

const view = (name: string): string => join(__dirname, 'views', `${name}.hbs`);
const PRIORITIES = ['normal', 'priority', 'urgent', 'vip'];

/** The agent's side: the thread list, a thread with its messages and deliveries, the reply box. */
@Controller('inbox')
export class InboxController {
  constructor(
    private readonly threads: ThreadsService,
    private readonly messages: MessagesService,
    private readonly api: MessagesApiService,
    private readonly records: GatewayRecordsService,
    private readonly views: ViewRenderer,
  ) {}

  @Get()
  async list(@Query() query: Record<string, string>, @Res() res: Response): Promise<void> {
    const filters = parseListThreads({ ...query, limit: '50' });
    const [page, mailboxes] = await Promise.all([this.threads.listByActivity(filters), this.records.mailboxes()]);
    const next = page.nextCursor
      ? `/inbox?${new URLSearchParams({ ...pick(filters), cursor: page.nextCursor }).toString()}`
      : null;
    this.views.render(res, view('thread-list'), {
      title: 'Inbox',
      nav: 'inbox',
      threads: page.threads.map(serializeThread),
      mailboxes: mailboxes.map((name) => ({ name, selected: name === filters.mailbox })),
      priorities: PRIORITIES.map((name) => ({ name, selected: name === filters.priority })),
      next,
    });
  }

  @Get('threads/:id')
  async thread(@Param('id') id: string, @Query('sent') sent: string | undefined, @Res() res: Response) {
    const thread = await this.threads.get(id).catch(() => null);
    if (!thread) return this.views.render(res, view('not-found'), { title: 'Not found', nav: 'inbox' }, 404);
    const messages = (await this.messages.listByThread(id)).map(serializeMessage);
    const [deliveries, inbound] = await Promise.all([
      this.records.deliveriesByMessage(id),
      this.records.inboundByMessage(messages.filter((m) => m.direction === 'inbound').map((m) => m.id)),
    ]);
    await this.threads.markRead(id);
    this.views.render(res, view('thread'), {
      title: thread.subject || '(no subject)',
      nav: 'inbox',
      thread: serializeThread(thread),
      messages: messages.map((message) => ({
        ...displayMessage(message),
        deliveries: (deliveries.get(message.id) ?? []).map((row) => ({
          status: row.delivery.state,
          reason: [row.reasonCode, row.delivery.detail, row.delivery.lastError].filter(Boolean).join(' · '),
          recipient: row.recipient,
        })),
        matchStrategy: displayMessage(message).matchStrategy ?? inbound.get(message.id)?.matchStrategy ?? undefined,
      })),
      nonce: randomUUID(),
      flash: sent ? { kind: 'ok', text: 'Answer sent to the outbound queue.' } : undefined,
    });
  }

  @Post('threads/:id/reply')
  async reply(@Param('id') id: string, @Body() body: Record<string, string>, @Res() res: Response) {
    const text = String(body.text ?? '').trim();
    const admin = res.locals.admin as { email: string };
    const files = (res.locals.replyFiles ?? []) as ReplyFormFile[];
    if (!text) return res.redirect(303, `/inbox/threads/${encodeURIComponent(id)}`);
    try {
      // The form's nonce is the Idempotency-Key: a double click or a resubmitted form sends once.
      await this.api.createMessage(
        id,
        {
          direction: 'outbound',
          text,
          authorEmail: admin.email,
          // Admins have no display name: the email then comes from SMTP_FROM_NAME alone, unsigned.
          metadata: { via: 'web-inbox' },
          ...(files.length ? { attachments: files } : {}),
        },
        typeof body.nonce === 'string' && body.nonce ? `inbox-${body.nonce.slice(0, 64)}` : undefined,
      );
    } catch (error) {
      if (error instanceof AppError) {
        return this.views.render(
          res,
          view('not-found'),
          { title: 'Not sent', nav: 'inbox', reason: error.message },
          error.code === AppErrorCode.ATTACHMENTS_TOO_LARGE ? 413 : 400,
        );
      }
      throw error;
    }
    res.redirect(303, `/inbox/threads/${encodeURIComponent(id)}?sent=1`);
  }
}

function pick(filters: { mailbox?: string; priority?: string }): Record<string, string> {
  return Object.fromEntries(Object.entries(filters).filter(([key, value]) => value && key !== 'limit')) as Record<
    string,
    string
  >;
}
