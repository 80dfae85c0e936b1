import { join } from 'node:path';
import { Controller, Get, Res } from '@nestjs/common';
import type { Response } from 'express';
import { ViewRenderer } from '../web/view-renderer';
import { RelayDeliveryLog } from './relay-delivery-log';

/** The relay's delivery log in the web UI (newest first). */
@Controller('relay-log')
export class RelayLogController {
  constructor(
    private readonly log: RelayDeliveryLog,
    private readonly views: ViewRenderer,
  ) {}

  @Get()
  async page(@Res() res: Response): Promise<void> {
    const entries = await this.log.recent();
    this.views.render(res, join(__dirname, 'views', 'relay-log.hbs'), {
      title: 'Relay log',
      nav: 'relay-log',
      entries,
    });
  }
}
