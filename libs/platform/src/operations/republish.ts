import type { EventsRepublishedV1 } from '@credit/contracts';
import { EventStore, handleCommand, type Decider } from '@credit/event-store';
import { Injectable } from '@nestjs/common';
import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsInt, IsOptional, Max, Min } from 'class-validator';
import type { Principal } from '../auth/principal';
import { PlatformConfig } from '../config/platform-config';
import { FieldValidationProblem } from '../errors/problems';
import { CreditCode } from '../http/text';
import { commandMetaOf } from '../http/request-context';

export class RepublishDto {
  @ApiProperty({ description: 'First global position to re-publish (inclusive).' })
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(Number.MAX_SAFE_INTEGER)
  fromPosition: number;

  @ApiPropertyOptional({ description: 'Last global position (inclusive); default: the latest stored.' })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(Number.MAX_SAFE_INTEGER)
  toPosition?: number;

  @ApiPropertyOptional({ description: 'Only the events of this stream.' })
  @IsOptional()
  @CreditCode({ max: 300 })
  stream?: string;
}

type RepublishEvent = { type: 'ops.events-republished'; data: EventsRepublishedV1 };

/** Every re-publication is recorded; none is refused by the stream's history. Pure. */
const republishDecider: Decider<{ type: 'Record'; data: EventsRepublishedV1 }, RepublishEvent, null> = {
  initialState: () => null,
  decide: (command) => [{ type: 'ops.events-republished', data: command.data }],
  evolve: (state) => state,
};

/**
 * `POST /api/v1/ops/republish` (role ops): puts a range of stored events back in the outbox, so the
 * relay publishes them again with their own ids (consumers' inboxes drop what they applied). The
 * re-publication is audited as an event in the same transaction.
 */
@Injectable()
export class Republisher {
  constructor(
    private readonly store: EventStore,
    private readonly config: PlatformConfig,
  ) {}

  async republish(dto: RepublishDto, principal: Principal, correlationId: string): Promise<EventsRepublishedV1> {
    if (dto.toPosition !== undefined && dto.toPosition < dto.fromPosition) {
      throw new FieldValidationProblem([{ field: 'toPosition', message: 'toPosition must not be before fromPosition' }]);
    }
    return this.store.transaction(async (tx) => {
      const [{ last }] = await tx.manager.query(`SELECT coalesce(max(global_position), 0)::text AS last FROM events`);
      const to = dto.toPosition !== undefined ? String(dto.toPosition) : last;
      const rows: unknown[] = await tx.manager.query(
        `INSERT INTO outbox (global_position)
         SELECT global_position FROM events WHERE global_position BETWEEN $1 AND $2 AND ($3::text IS NULL OR stream_id = $3)
         ON CONFLICT DO NOTHING RETURNING global_position`,
        [dto.fromPosition, to, dto.stream ?? null],
      );
      const data: EventsRepublishedV1 = {
        service: this.config.serviceName,
        fromPosition: String(dto.fromPosition),
        toPosition: to,
        ...(dto.stream !== undefined && { stream: dto.stream }),
        count: rows.length,
      };
      await handleCommand(tx, `republish-${this.config.serviceName}`, republishDecider, { type: 'Record', data }, commandMetaOf(principal, correlationId, null));
      return data;
    });
  }
}
