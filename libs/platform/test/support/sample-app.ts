import { defineEvent, EventRegistry, type EventEnvelope } from '@credit/contracts';
import { EventStore } from '@credit/event-store';
import type { ConsumerOptions, InboxContext } from '@credit/messaging';
import { Body, Controller, Get, HttpCode, Logger, Module, Param, Post, Query, Type as NestType } from '@nestjs/common';
import { Ctx, EventPattern, Payload } from '@nestjs/microservices';
import { Type } from 'class-transformer';
import {
  ArrayMaxSize,
  IsArray,
  IsIn,
  IsNotEmpty,
  IsOptional,
  IsString,
  Matches,
  MaxLength,
  MinLength,
  ValidateNested,
} from 'class-validator';
import { randomUUID } from 'node:crypto';
import {
  CorrelationId,
  CurrentPrincipal,
  DomainRuleError,
  InjectServiceConfig,
  offsetOf,
  PageQueryDto,
  PlatformModule,
  Public,
  Roles,
  type Principal,
} from '../../src';

export const SAMPLE_EVENT_TYPE = 'platform-sample.sample-recorded';
/** An event whose handler always fails (its projection cannot be written). */
export const FAILING_EVENT_TYPE = 'platform-sample.sample-rejected';

/** The contract the sample consumer validates what it receives against. */
export const sampleRegistry = new EventRegistry();
for (const type of [SAMPLE_EVENT_TYPE, FAILING_EVENT_TYPE]) {
  sampleRegistry.register(
    defineEvent<{ name: string; subjectCode?: string }>({
      type,
      version: 1,
      topic: 'reference',
      description: 'A sample event (platform tests only).',
      schema: {
        type: 'object',
        additionalProperties: false,
        required: ['name'],
        properties: { name: { type: 'string' }, subjectCode: { type: 'string' } },
      },
    }),
  );
}

/** A service's own variable, validated with the platform's. */
export class SampleEnv {
  @IsString()
  @MinLength(8)
  SAMPLE_SECRET: string;
}

class SampleSubjectDto {
  @IsString()
  @Matches(/^[0-9A-Z]{18}$/, { message: 'code must be an 18-character code' })
  code: string;

  @IsIn(['LEGAL_PERSON', 'NATURAL_PERSON'])
  kind: string;
}

class SampleItemDto {
  @IsString()
  @IsNotEmpty()
  code: string;
}

export class SampleDto {
  @IsString()
  @IsNotEmpty()
  @MaxLength(100)
  name: string;

  @ValidateNested()
  @Type(() => SampleSubjectDto)
  subject: SampleSubjectDto;

  @IsOptional()
  @IsArray()
  @ArrayMaxSize(10)
  @ValidateNested({ each: true })
  @Type(() => SampleItemDto)
  items?: SampleItemDto[];
}

/** Holds a request inside its handler, so that a test can send a duplicate while it is in flight. */
class Gate {
  private opened: Promise<void> = Promise.resolve();
  private open: () => void = () => undefined;
  private signalEntered: () => void = () => undefined;
  entered: Promise<void> = Promise.resolve();

  arm(): void {
    this.opened = new Promise<void>((resolve) => (this.open = resolve));
    this.entered = new Promise<void>((resolve) => (this.signalEntered = resolve));
  }

  release(): void {
    this.open();
  }

  async pass(): Promise<void> {
    this.signalEntered();
    await this.opened;
  }
}

export const gate = new Gate();

@Controller('samples')
class SamplesController {
  private readonly logger = new Logger('Samples');

  constructor(
    private readonly store: EventStore,
    @InjectServiceConfig() private readonly env: SampleEnv,
  ) {}

  @Post()
  @Roles('submitter', 'admin')
  async record(@Body() dto: SampleDto, @CurrentPrincipal() principal: Principal, @CorrelationId() correlationId: string) {
    const id = randomUUID();
    await this.store.transaction((tx) =>
      tx.append(`sample-${id}`, 0, [
        {
          type: SAMPLE_EVENT_TYPE,
          data: { name: dto.name, subjectCode: dto.subject.code },
          subjectKey: null,
          correlationId,
          actor: { departmentCode: principal.departmentCode },
        },
      ]),
    );
    return { id, name: dto.name, items: dto.items?.length ?? 0 };
  }

  @Post('slow')
  @HttpCode(200)
  @Roles('submitter')
  async slow(@Body() dto: SampleDto) {
    await gate.pass();
    return { name: dto.name };
  }

  @Post('refusal')
  @Roles('submitter')
  refuse(): never {
    throw new DomainRuleError('The minimum publicity period of 3 months has not elapsed; repair may be applied for from 2025-09-01.', {
      rule: 'repair.minimum-publicity-period',
      allowedFrom: '2025-09-01',
    });
  }

  @Get('admin-only')
  @Roles('admin')
  adminOnly() {
    return { ok: true };
  }

  @Get('config')
  @Roles('admin', 'submitter')
  config() {
    return { secretLength: this.env.SAMPLE_SECRET.length };
  }

  @Get('subjects/:code')
  @Roles('reader', 'submitter')
  subject(@Param('code') code: string, @CurrentPrincipal() principal: Principal) {
    this.logger.log(`looking up subject ${code}`);
    return { found: code.length === 18, by: principal.departmentCode };
  }

  @Get('boom')
  @Roles('submitter')
  boom(): never {
    throw new Error('connection to 10.0.0.7:5432 refused while reading table secret_internal_table');
  }
}

@Public()
@Controller('public/samples')
class PublicSamplesController {
  @Get()
  list() {
    return { items: [] };
  }

  @Get('paged')
  paged(@Query() query: PageQueryDto) {
    return { page: query.page, pageSize: query.pageSize, offset: offsetOf(query) };
  }
}

/** What the sample consumer received, in order. */
export const consumed: EventEnvelope[] = [];

@Controller()
class SampleReactions {
  private readonly logger = new Logger('SampleReactions');

  @EventPattern(SAMPLE_EVENT_TYPE)
  async onRecorded(@Payload() event: EventEnvelope, @Ctx() ctx: InboxContext): Promise<void> {
    // Runs in the inbox transaction, as a projection update would.
    await ctx.manager.query('SELECT 1');
    consumed.push(event);
    this.logger.log(`consumed sample event ${event.id}`);
  }

  @EventPattern(FAILING_EVENT_TYPE)
  async onRejected(): Promise<void> {
    throw new Error('sample projection table is missing');
  }
}

/** A small service built on the platform, as services/* are. */
export function sampleAppModule(options: { consumer?: Omit<ConsumerOptions, 'kafka' | 'dataSource'> } = {}): NestType {
  @Module({
    imports: [
      PlatformModule.forRoot({
        serviceName: 'platform-sample',
        defaultPort: 3999,
        migrations: [],
        configSchema: SampleEnv,
        consumer: options.consumer,
      }),
    ],
    controllers: [SamplesController, PublicSamplesController, ...(options.consumer ? [SampleReactions] : [])],
  })
  class SampleAppModule {}
  return SampleAppModule;
}
