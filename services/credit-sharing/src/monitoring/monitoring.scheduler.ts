import { ScanScheduler } from '@credit/platform';
import { Injectable } from '@nestjs/common';
import { CreditSharingConfig } from '../config';
import { MonitoringService } from './monitoring.service';

/**
 * Every MONITORING_SCAN_SECONDS: the monthly warning rules on this month and the last, and the
 * monthly report once it is due. Its state is in PostgreSQL: a report that fell due while the
 * service was down is compiled at the next start, never twice.
 */
@Injectable()
export class MonitoringScheduler extends ScanScheduler {
  protected readonly intervalSeconds: number;

  constructor(
    private readonly monitoring: MonitoringService,
    config: CreditSharingConfig,
  ) {
    super();
    this.intervalSeconds = config.monitoringScanSeconds;
  }

  scan(): Promise<number> {
    return this.monitoring.scan();
  }
}
