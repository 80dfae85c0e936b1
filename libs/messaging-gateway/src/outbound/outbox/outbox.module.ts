import { Module } from '@nestjs/common';
import { ThreadingModule } from '../../threading/threading.module';
import { OutboundEmail } from './outbound-email.entity';
import { OutboundStatusRepository } from './outbound-status.repository';
import { OutboxRepository } from './outbox.repository';
import { registerGatewayEntities } from '../../core/database/register-gateway-entities';

registerGatewayEntities([OutboundEmail]);

/** The outbox table and its one status owner, shared by the outbound path and bounce handling. Internal. */
@Module({
  imports: [ThreadingModule],
  providers: [OutboxRepository, OutboundStatusRepository],
  exports: [OutboxRepository, OutboundStatusRepository],
})
export class OutboxModule {}
