import { Controller, Get, Param, Query, Res } from '@nestjs/common';
import type { Response } from 'express';
import { AttachmentsService } from 'nestjs-messaging-gateway';
import { AppError, AppErrorCode } from '../common/app-error';
import { ViewRenderer } from '../web/view-renderer';
import { openAttachment } from './attachment-lookup';
import { sendAttachment } from './attachment-response';
import { join } from 'node:path';

const notFound = join(__dirname, '..', 'inbox', 'views', 'not-found.hbs');

/**
 * `GET /inbox/attachments/:id` behind the agent's session (the web auth middleware covers
 * /inbox): links in the thread view, and `?inline=1` for the images a message shows (`cid:`).
 */
@Controller('inbox/attachments')
export class InboxAttachmentsController {
  constructor(
    private readonly attachments: AttachmentsService,
    private readonly views: ViewRenderer,
  ) {}

  @Get(':id')
  async download(@Param('id') id: string, @Query('inline') inline: string | undefined, @Res() res: Response) {
    try {
      sendAttachment(res, await openAttachment(this.attachments, id), inline === '1');
    } catch (error) {
      if (!(error instanceof AppError)) throw error;
      const status = error.code === AppErrorCode.GONE ? 410 : 404;
      this.views.render(res, notFound, { title: status === 410 ? 'Erased' : 'Not found', nav: 'inbox' }, status);
    }
  }
}
