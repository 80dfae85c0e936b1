import { type MiddlewareConsumer, Module, type NestModule, RequestMethod } from '@nestjs/common';
import { TerminusModule } from '@nestjs/terminus';
import cookieParser from 'cookie-parser';
import { AuthModule } from '../auth/auth.module';
import { InboxModule } from '../inbox/inbox.module';
import { WebAuthMiddleware } from '../auth/web-auth.middleware';
import { GatewayQueues } from './gateway-queues';
import { HealthDetailedController } from './health-detailed.controller';
import { HealthController } from './health.controller';
import { MetricsController } from './metrics.controller';
import { MetricsService } from './metrics.service';
import { OperationsAccessGuard, OperationsTokenGuard } from './operations-access.guard';
import { OutboundOperationsController } from './outbound-operations.controller';
import { createQueueDashboard, QUEUE_DASHBOARD_PATH } from './queue-dashboard';
import { QueueDashboardXsrfMiddleware } from './queue-dashboard-xsrf.middleware';
import { WebhookTimingMiddleware } from './webhook-timing.middleware';

/**
 * Health (liveness, public and cheap; detailed, for admins and monitors), Prometheus metrics (for
 * admins and scrapers), the queue dashboard (for admins) and outbox operations (token holders).
 */
@Module({
  imports: [TerminusModule.forRoot({ errorLogStyle: 'pretty', logger: false }), AuthModule, InboxModule],
  controllers: [HealthController, HealthDetailedController, MetricsController, OutboundOperationsController],
  providers: [
    GatewayQueues,
    MetricsService,
    WebhookTimingMiddleware,
    OperationsAccessGuard,
    OperationsTokenGuard,
    QueueDashboardXsrfMiddleware,
  ],
})
export class OperationsModule implements NestModule {
  constructor(private readonly queues: GatewayQueues) {}

  configure(consumer: MiddlewareConsumer): void {
    consumer
      .apply(WebhookTimingMiddleware)
      .forRoutes(
        { path: 'gateway/inbound', method: RequestMethod.POST },
        { path: 'gateway/inbound/*path', method: RequestMethod.POST },
      );
    // The session cookie of an admin opens the detailed health and the metrics (OperationsAccessGuard).
    consumer.apply(cookieParser()).forRoutes(HealthDetailedController, MetricsController);
    consumer
      .apply(cookieParser(), WebAuthMiddleware, QueueDashboardXsrfMiddleware, createQueueDashboard(this.queues))
      .forRoutes(QUEUE_DASHBOARD_PATH, `${QUEUE_DASHBOARD_PATH}/*path`);
  }
}
