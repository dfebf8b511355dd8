import { createValidationPipe } from '@credit/platform';
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

const pipe = createValidationPipe();

/**
 * The items of a batch body, as the global validation pipe checks `BatchIntakeDto` (same 400
 * answers), without its deep copy of up to 1000 items that are each validated on their own anyway:
 * the common body `{ items: [1..1000 entries] }` is taken as is, anything else goes through the pipe.
 * A controller takes the body untyped (`@Body() body: unknown`) so that the global pipe skips it.
 */
export async function batchItems(body: unknown): Promise<unknown[]> {
  if (typeof body === 'object' && body !== null && !Array.isArray(body) && Object.getPrototypeOf(body) === Object.prototype) {
    const keys = Object.keys(body);
    const items = (body as { items?: unknown }).items;
    if (keys.length === 1 && keys[0] === 'items' && Array.isArray(items) && items.length >= 1 && items.length <= MAX_BATCH_ITEMS) return items;
  }
  const dto = (await pipe.transform(body, { type: 'body', metatype: BatchIntakeDto })) as BatchIntakeDto;
  return dto.items;
}

export type BatchItemStatus = 'CREATED' | 'DUPLICATE' | 'INVALID';

export interface BatchItemResult {
  index: number;
  status: BatchItemStatus;
  id?: string;
  errors?: { field: string; message: string }[];
}
