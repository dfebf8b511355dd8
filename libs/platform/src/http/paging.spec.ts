import { ArgumentMetadata } from '@nestjs/common';
import { createValidationPipe } from '../errors/validation';
import { FieldValidationProblem } from '../errors/problems';
import { MAX_PAGE, offsetOf, PageQueryDto } from './paging';

const metadata: ArgumentMetadata = { type: 'query', metatype: PageQueryDto };
const pipe = createValidationPipe();
const parse = (query: Record<string, unknown>) => pipe.transform(query, metadata) as Promise<PageQueryDto>;

async function refusal(query: Record<string, unknown>) {
  try {
    await parse(query);
  } catch (error) {
    expect(error).toBeInstanceOf(FieldValidationProblem);
    return (error as FieldValidationProblem).problem;
  }
  throw new Error(`accepted ${JSON.stringify(query)}`);
}

describe('paging parameters', () => {
  it('defaults to the first page of 50, and reads plain decimal numbers', async () => {
    expect(await parse({})).toMatchObject({ page: 1, pageSize: 50 });
    const query = await parse({ page: '3', pageSize: '500' });
    expect(query).toMatchObject({ page: 3, pageSize: 500 });
    expect(offsetOf(query)).toBe(1000);
  });

  it.each([
    ['page', '1e20'],
    ['page', '-1'],
    ['page', '0'],
    ['page', 'abc'],
    ['page', '0x10'],
    ['page', '1.5'],
    ['page', ''],
    ['page', String(MAX_PAGE + 1)],
    ['page', '99999999999999999999999'],
    ['page', ['1', '2']],
    ['pageSize', '100000'],
    ['pageSize', '0'],
    ['pageSize', '5e1'],
  ])('refuses %s=%j with 400 naming the parameter', async (name, value) => {
    const problem = await refusal({ [name]: value });
    expect(problem.status).toBe(400);
    expect(problem.errors?.map((e) => e.field)).toEqual([name]);
    expect(problem.errors?.[0].message).toContain('must be a whole number from 1 to');
  });

  it('keeps the largest offset it accepts a safe integer', async () => {
    const query = await parse({ page: String(MAX_PAGE), pageSize: '500' });
    expect(Number.isSafeInteger(offsetOf(query))).toBe(true);
    expect(offsetOf(query)).toBeLessThan(2 ** 31);
  });
});
