import { Controller, Get, UseGuards } from '@nestjs/common';
import {
  HealthCheck,
  type HealthCheckResult,
  HealthCheckService,
  HealthIndicatorService,
  TypeOrmHealthIndicator,
} from '@nestjs/terminus';
import { InjectGatewayOptions, type ResolvedMessagingGatewayOptions } from 'nestjs-messaging-gateway';
import { reuseFor } from '../common/reuse-for';
import { AppConfig } from '../config/app-config';
import { PROBE_TIMEOUT_MS, probeTcp, withTimeout } from './dependency-probes';
import { GatewayQueues } from './gateway-queues';
import { OperationsAccessGuard } from './operations-access.guard';

/** A check opens an SMTP connection and calls the Messages API: calls within this time share one. */
export const HEALTH_DETAILED_REUSE_MS = 5000;

/**
 * Readiness with details (@nestjs/terminus): PostgreSQL, Redis, SMTP, IMAP (when enabled), the
 * Messages API and the queue depths. 503 with the failing part named when any is down. It never
 * logs in, sends mail or shows a secret. Admins and OPERATIONS_TOKEN holders only, and one check
 * per HEALTH_DETAILED_REUSE_MS however often it is asked: it cannot be used to amplify load.
 */
@Controller('health')
@UseGuards(OperationsAccessGuard)
export class HealthDetailedController {
  private readonly reusedCheck = reuseFor(HEALTH_DETAILED_REUSE_MS, () => this.runCheck());

  constructor(
    private readonly health: HealthCheckService,
    private readonly typeorm: TypeOrmHealthIndicator,
    private readonly indicators: HealthIndicatorService,
    private readonly queues: GatewayQueues,
    private readonly config: AppConfig,
    @InjectGatewayOptions() private readonly options: ResolvedMessagingGatewayOptions,
  ) {}

  @Get('detailed')
  @HealthCheck()
  check(): Promise<HealthCheckResult> {
    return this.reusedCheck();
  }

  private runCheck(): Promise<HealthCheckResult> {
    const { smtp, enabled } = this.options.outbound;
    const imap = this.options.imap;
    const imapEnabled = this.options.inbound.mode !== 'webhook' && imap.host;
    return this.health.check([
      () => this.typeorm.pingCheck('postgres', { timeout: PROBE_TIMEOUT_MS }),
      () => this.probe('redis', () => withTimeout(() => this.queues.ping())),
      () =>
        enabled && smtp.host
          ? this.probe('smtp', () => probeTcp(smtp.host!, smtp.port, '220'), { host: smtp.host, port: smtp.port })
          : this.indicators.check('smtp').up({ skipped: 'outbound disabled or no SMTP_HOST' }),
      () =>
        imapEnabled
          ? this.probe('imap', () => probeTcp(imap.host!, imap.port), { host: imap.host, port: imap.port })
          : this.indicators.check('imap').up({ skipped: 'EMAIL_INBOUND_MODE is webhook' }),
      () => this.probe('messagesApi', () => this.probeMessagesApi()),
      async () => {
        const session = this.indicators.check('queues');
        try {
          return session.up(await withTimeout(() => this.queues.depths()));
        } catch (error) {
          return session.down({ message: (error as Error).message });
        }
      },
    ]);
  }

  private async probe(key: string, run: () => Promise<unknown>, data: Record<string, unknown> = {}) {
    const session = this.indicators.check(key);
    try {
      await run();
      return session.up(data);
    } catch (error) {
      return session.down({ ...data, message: (error as Error).message });
    }
  }

  private async probeMessagesApi(): Promise<void> {
    const baseUrl = this.options.messagesApi.baseUrl;
    if (!baseUrl) return; // a host-provided client: nothing to call
    const response = await withTimeout(() =>
      fetch(`${baseUrl}/threads?limit=1`, {
        headers: { authorization: `Bearer ${this.options.messagesApi.apiKey ?? this.config.messagesApiKey}` },
      }),
    );
    if (!response.ok) throw new Error(`GET threads answered ${response.status}`);
  }
}
