import { Controller, Param, Post, Res } from '@nestjs/common';
import type { Response } from 'express';
import { ThreadErasureService } from 'nestjs-messaging-gateway';

/**
 * "Forget this thread" on the thread page (admin session and CSRF, like every form): a deletion
 * request erases the thread's raw mail, attachment bytes and data keys; the audit rows stay.
 */
@Controller('inbox/threads')
export class ThreadForgetController {
  constructor(private readonly erasure: ThreadErasureService) {}

  @Post(':id/forget')
  async forget(@Param('id') id: string, @Res() res: Response): Promise<void> {
    await this.erasure.forgetThread(id);
    res.redirect(303, `/inbox/threads/${encodeURIComponent(id)}?forgotten=1`);
  }
}
