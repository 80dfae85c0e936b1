import { Controller, HttpStatus, Param, Post, Res, UseGuards } from '@nestjs/common';
import type { Response } from 'express';
import { OutboundResendService } from '../inbox/outbound-resend.service';
import { OperationsTokenGuard } from './operations-access.guard';

/**
 * Outbox operations for scripts and runbooks: `POST /operations/outbound/:id/resend` queues a
 * failed or expired email again (202), or answers 404 / 409 with the gateway's stable code.
 * Bearer OPERATIONS_TOKEN only: a state-changing call must not be reachable with a session cookie
 * from another site (the Outbox page's Resend button is the admin's way, with its CSRF token).
 */
@Controller('operations/outbound')
@UseGuards(OperationsTokenGuard)
export class OutboundOperationsController {
  constructor(private readonly resender: OutboundResendService) {}

  @Post(':id/resend')
  async resend(@Param('id') id: string, @Res() res: Response): Promise<void> {
    const result = await this.resender.resend(id);
    if (result.outcome === 'ok') {
      const { outboundEmailId, jobId } = result;
      res.status(HttpStatus.ACCEPTED).json({ success: true, data: { outboundEmailId, jobId } });
      return;
    }
    const status = result.outcome === 'not_found' ? HttpStatus.NOT_FOUND : HttpStatus.CONFLICT;
    res.status(status).json({ success: false, error: { code: result.code, message: result.message } });
  }
}
