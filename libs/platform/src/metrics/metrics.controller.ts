import { Controller, Get, Header, Res } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { ServerResponse } from 'node:http';
import { register } from 'prom-client';
import { Public } from '../auth/decorators';
import { ensureDefaultMetrics } from './http-metrics';

/** Prometheus scrape endpoint: every library registers on prom-client's default register. */
@ApiExcludeController()
@Public()
@Controller('metrics')
export class MetricsController {
  constructor() {
    ensureDefaultMetrics();
  }

  @Get()
  @Header('Cache-Control', 'no-store')
  async metrics(@Res() res: ServerResponse): Promise<void> {
    const body = await register.metrics();
    res.statusCode = 200;
    res.setHeader('Content-Type', register.contentType);
    res.end(body);
  }
}
