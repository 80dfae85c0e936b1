import { Module } from '@nestjs/common';
import { RelayAuthenticator } from './relay-authenticator';
import { RelayDeliveryLog } from './relay-delivery-log';
import { RelayRateLimitFilter } from './relay-rate-limit.filter';
import { RelayLogController } from './relay-log.controller';
import { RelayController } from './relay.controller';
import { RelayService } from './relay.service';

/** The transactional relay (`POST /webhook/outbound-email`) and its delivery log page. */
@Module({
  controllers: [RelayController, RelayLogController],
  providers: [RelayService, RelayDeliveryLog, RelayAuthenticator, RelayRateLimitFilter],
})
export class RelayModule {}
