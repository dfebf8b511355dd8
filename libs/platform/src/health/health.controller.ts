import { checkKafka } from '@credit/messaging';
import { Controller, Get, Injectable, Res } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import { Kafka } from 'kafkajs';
import type { ServerResponse } from 'node:http';
import { DataSource } from 'typeorm';
import { Public } from '../auth/decorators';
import { PlatformConfig } from '../config/platform-config';

export type CheckResult = { status: 'up' } | { status: 'down'; message: string };

export interface HealthReport {
  status: 'ok' | 'error';
  service: string;
  /** PostgreSQL and Kafka answer; the event consumer and the outbox relay run (where the service has them). */
  checks: { postgres: CheckResult; kafka: CheckResult } & Record<string, CheckResult>;
}

/**
 * The moving parts of a service that /health reports besides its dependencies: the event consumer
 * and the outbox relay register here. A part that is down makes /health answer 503, naming it and why.
 */
@Injectable()
export class ComponentHealth {
  private readonly components = new Map<string, () => CheckResult>();

  register(name: string, check: () => CheckResult): void {
    this.components.set(name, check);
  }

  report(): Record<string, CheckResult> {
    const report: Record<string, CheckResult> = {};
    for (const [name, check] of this.components) {
      try {
        report[name] = check();
      } catch (error) {
        report[name] = { status: 'down', message: error instanceof Error ? error.message : String(error) };
      }
    }
    return report;
  }
}

class CheckTimeout extends Error {}

async function check(probe: () => Promise<unknown>, timeoutMs: number): Promise<CheckResult> {
  let timer: NodeJS.Timeout | undefined;
  try {
    await Promise.race([
      probe(),
      new Promise((_, reject) => {
        timer = setTimeout(() => reject(new CheckTimeout(`no answer within ${timeoutMs} ms`)), timeoutMs);
      }),
    ]);
    return { status: 'up' };
  } catch (error) {
    return { status: 'down', message: error instanceof Error ? error.message : String(error) };
  } finally {
    clearTimeout(timer);
  }
}

/**
 * Readiness (`/health`: the service can take writes, i.e. PostgreSQL answers, publish, i.e. Kafka
 * answers and the outbox relay runs, and react, i.e. its event consumer runs and makes progress) and liveness (`/health/live`: the process runs; never restart a pod because a
 * dependency is down).
 */
@ApiExcludeController()
@Public()
@Controller('health')
export class HealthController {
  constructor(
    private readonly dataSource: DataSource,
    private readonly kafka: Kafka,
    private readonly config: PlatformConfig,
    private readonly components: ComponentHealth,
  ) {}

  @Get()
  async health(@Res({ passthrough: true }) res: ServerResponse): Promise<HealthReport> {
    const timeoutMs = this.config.HEALTH_CHECK_TIMEOUT_MS;
    const [postgres, kafka] = await Promise.all([
      check(() => this.dataSource.query('SELECT 1'), timeoutMs),
      check(() => checkKafka(this.kafka, timeoutMs), timeoutMs),
    ]);
    const checks = { postgres, kafka, ...this.components.report() };
    const healthy = Object.values(checks).every((result) => result.status === 'up');
    res.statusCode = healthy ? 200 : 503;
    res.setHeader('Cache-Control', 'no-store');
    return { status: healthy ? 'ok' : 'error', service: this.config.serviceName, checks };
  }

  @Get('live')
  live(): { status: 'ok'; service: string } {
    return { status: 'ok', service: this.config.serviceName };
  }
}
