import { Module } from '@nestjs/common';
import { OutboxModule } from '../outbound/outbox/outbox.module';
import { AutomaticMailService } from './automatic-mail.service';
import { Suppression } from './suppression.entity';
import { registerGatewayEntities } from '../core/database/register-gateway-entities';

registerGatewayEntities([Suppression]);

/** What follows from bounces, complaints and auto-replies: outbox rows marked, the suppression list kept. Internal. */
@Module({
  imports: [OutboxModule],
  providers: [AutomaticMailService],
  exports: [AutomaticMailService],
})
export class AutomaticMailModule {}
