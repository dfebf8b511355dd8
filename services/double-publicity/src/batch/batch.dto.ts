import { ApiProperty } from '@nestjs/swagger';
import { ArrayMaxSize, ArrayMinSize, IsArray } from 'class-validator';

export const MAX_BATCH_ITEMS = 1000;

/**
 * `{ items }`: the items are validated one by one with the single endpoint's DTO and rules
 * (batch.service), so that one bad item refuses only itself, never the batch.
 */
export class BatchIntakeDto {
  @ApiProperty({ type: 'array', items: { type: 'object' }, minItems: 1, maxItems: MAX_BATCH_ITEMS })
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(MAX_BATCH_ITEMS)
  items: unknown[];
}

export type BatchItemStatus = 'CREATED' | 'DUPLICATE' | 'INVALID';

export interface BatchItemResult {
  index: number;
  status: BatchItemStatus;
  id?: string;
  errors?: { field: string; message: string }[];
}
