import { Body, Controller, Get, Headers, Param, Patch, Post, Query, Res, UseGuards } from '@nestjs/common';
import type { Response } from 'express';
import { ApiKeyGuard } from './api-key.guard';
import {
  parseCreateMessage,
  parseCreateThread,
  parseIdempotencyKey,
  parseListThreads,
  parseUpdateThread,
} from './messages-api.dto';
import { serializeMessage, serializeThread } from './messages-api.serializer';
import { MessagesApiService } from './messages-api.service';
import { ThreadsService } from './threads.service';
import { MessagesService } from './messages.service';

/** The Messages API (INTEGRATION.md): what the gateway calls, and what a host app provides. */
@Controller('api/v1/messages')
@UseGuards(ApiKeyGuard)
export class MessagesApiController {
  constructor(
    private readonly api: MessagesApiService,
    private readonly threads: ThreadsService,
    private readonly messages: MessagesService,
  ) {}

  @Post('threads')
  async createThread(
    @Body() body: unknown,
    @Headers('idempotency-key') key: string | undefined,
    @Res() res: Response,
  ): Promise<void> {
    const result = await this.api.createThread(parseCreateThread(body), parseIdempotencyKey(key));
    res.status(result.status).json(result.body);
  }

  @Post('threads/:id/messages')
  async createMessage(
    @Param('id') id: string,
    @Body() body: unknown,
    @Headers('idempotency-key') key: string | undefined,
    @Res() res: Response,
  ): Promise<void> {
    const result = await this.api.createMessage(id, parseCreateMessage(body), parseIdempotencyKey(key));
    res.status(result.status).json(result.body);
  }

  @Patch('threads/:id')
  async updateThread(@Param('id') id: string, @Body() body: unknown) {
    const thread = await this.threads.updateMetadata(id, parseUpdateThread(body).metadata);
    return { success: true, data: serializeThread(thread) };
  }

  @Get('threads')
  async listThreads(@Query() query: Record<string, unknown>) {
    const page = await this.threads.list(parseListThreads(query));
    return { success: true, data: page.threads.map(serializeThread), nextCursor: page.nextCursor };
  }

  @Get('threads/:id')
  async getThread(@Param('id') id: string) {
    return { success: true, data: serializeThread(await this.threads.get(id)) };
  }

  @Get('threads/:id/messages')
  async listMessages(@Param('id') id: string) {
    const messages = await this.messages.listByThread(id);
    return { success: true, data: messages.map(serializeMessage) };
  }
}
