/**
 * The bare Nest endpoint the credit-check benchmark compares against: the same framework and HTTP
 * adapter as the services, one route with the credit check's path, no auth, no database, answering
 * a constant JSON body (BARE_BODY, sized by the benchmark to the service's answers). Started by
 * credit-check.bench.ts as its own process on PORT.
 */
import 'reflect-metadata';
import { Controller, Get, Module, Param } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import type { NestExpressApplication } from '@nestjs/platform-express';

const BODY: unknown = JSON.parse(process.env.BARE_BODY ?? '{}');

@Controller('api/v1')
class BareController {
  @Get('credit-check/:subjectCode')
  check(@Param('subjectCode') subjectCode: string): unknown {
    void subjectCode;
    return BODY;
  }
}

@Module({ controllers: [BareController] })
class BareModule {}

async function main(): Promise<void> {
  const app = await NestFactory.create<NestExpressApplication>(BareModule, { logger: ['error'] });
  // The services' Express settings (libs/platform bootstrap), so that the comparison stays fair.
  app.disable('x-powered-by');
  app.set('etag', false);
  await app.listen(Number(process.env.PORT ?? 3999), '127.0.0.1');
  process.stdout.write('ready\n');
}

void main();
