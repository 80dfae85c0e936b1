import { Module } from '@nestjs/common';
import { RelayDeliveryLog } from './relay-delivery-log';
import { RelayLogController } from './relay-log.controller';
import { RelayController } from './relay.controller';
import { RelayService } from './relay.service';

/** The transactional relay (`POST /webhook/outbound-email`) and its delivery log page. */
@Module({
  controllers: [RelayController, RelayLogController],
  providers: [RelayService, RelayDeliveryLog],
})
export class RelayModule {}
