import { checkKafka } from '@credit/messaging';
import { Controller, Get, Res } from '@nestjs/common';
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
  checks: { postgres: CheckResult; kafka: CheckResult };
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
 * Readiness (`/health`: the service can take writes, i.e. PostgreSQL answers, and publish, i.e.
 * Kafka answers) and liveness (`/health/live`: the process runs; never restart a pod because a
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
  ) {}

  @Get()
  async health(@Res({ passthrough: true }) res: ServerResponse): Promise<HealthReport> {
    const timeoutMs = this.config.HEALTH_CHECK_TIMEOUT_MS;
    const [postgres, kafka] = await Promise.all([
      check(() => this.dataSource.query('SELECT 1'), timeoutMs),
      check(() => checkKafka(this.kafka, timeoutMs), timeoutMs),
    ]);
    const healthy = postgres.status === 'up' && kafka.status === 'up';
    res.statusCode = healthy ? 200 : 503;
    res.setHeader('Cache-Control', 'no-store');
    return { status: healthy ? 'ok' : 'error', service: this.config.serviceName, checks: { postgres, kafka } };
  }

  @Get('live')
  live(): { status: 'ok'; service: string } {
    return { status: 'ok', service: this.config.serviceName };
  }
}
