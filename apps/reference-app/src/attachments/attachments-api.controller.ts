import { Controller, Get, Param, Res, UseGuards } from '@nestjs/common';
import type { Response } from 'express';
import { AttachmentsService } from 'nestjs-messaging-gateway';
import { ApiKeyGuard } from '../messages-api/api-key.guard';
import { openAttachment } from './attachment-lookup';
import { sendAttachment } from './attachment-response';

/** `GET /api/v1/messages/attachments/:id` (Messages API key): the bytes, always as a download. */
@Controller('api/v1/messages/attachments')
@UseGuards(ApiKeyGuard)
export class AttachmentsApiController {
  constructor(private readonly attachments: AttachmentsService) {}

  @Get(':id')
  async download(@Param('id') id: string, @Res() res: Response): Promise<void> {
    sendAttachment(res, await openAttachment(this.attachments, id));
  }
}
