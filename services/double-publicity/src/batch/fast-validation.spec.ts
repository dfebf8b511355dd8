import 'reflect-metadata';
import { plainToInstance } from 'class-transformer';
import { IsOptional, IsString, MaxLength, validateSync } from 'class-validator';
import { Transform } from 'class-transformer';
import fc from 'fast-check';
import { RecordLicenseDto } from '../licenses/license.dto';
import { RecordPenaltyDto } from '../penalties/penalty.dto';
import { compileFastCheck } from './fast-validation';

const OPTIONS = { whitelist: true, forbidNonWhitelisted: true, forbidUnknownValues: true, validationError: { target: false, value: false } };
const UNIT = { name: '南宁市市场监督管理局', code: '11450100007712342F' };

const penalty = (): Record<string, unknown> => ({
  decisionNumber: '南市监处罚〔2026〕1号',
  subject: {
    name: '南宁市示例科技有限公司',
    kind: 'LEGAL_PERSON',
    code: '91450100MA5K12347C',
    legalRepresentative: '张三',
    legalRepresentativeDocument: { type: 'ID_CARD', number: '110101199003074477' },
  },
  violationType: '虚假宣传',
  violationFacts: '在官网发布虚假宣传内容',
  basis: '《反不正当竞争法》第二十条',
  categories: ['罚款'],
  content: '罚款五千元',
  fineAmount: '5000.00',
  decidedOn: '2026-03-10',
  severity: 'GENERAL',
  disclosure: { public: true },
  authority: UNIT,
  sourceUnit: UNIT,
  remarks: '备注',
});

const license = (): Record<string, unknown> => ({
  ...Object.fromEntries(Object.entries(penalty()).filter(([k]) => ['subject', 'authority', 'sourceUnit', 'remarks', 'decisionNumber', 'content', 'decidedOn'].includes(k))),
  licenseName: '食品经营许可',
  licenseType: '普通',
  validFrom: '2026-03-10',
});

const slowValid = (dto: Function, item: unknown): boolean =>
  validateSync(plainToInstance(dto as new () => object, item) as object, OPTIONS).length === 0;

/** Replaces, removes or adds one field somewhere in the item (top level or one block down). */
const mutation = fc.tuple(
  fc.constantFrom('replace', 'remove', 'add'),
  fc.constantFrom('', 'subject', 'authority', 'sourceUnit', 'disclosure', 'subject.legalRepresentativeDocument'),
  fc.oneof(
    fc.constantFrom('decisionNumber', 'code', 'name', 'kind', 'categories', 'fineAmount', 'decidedOn', 'severity', 'public', 'type', 'number', 'subject', 'disclosure', 'licenseType', 'category', 'validFrom'),
    fc.string({ maxLength: 12 }),
  ),
  fc.oneof(fc.jsonValue({ maxDepth: 2 }), fc.constantFrom('', ' ', 'x'.repeat(201), '2026-02-30', '-1', 'LEGAL_PERSON', '普通', '特许', ['罚款', '罚款'], [], {}, null)),
);

function mutate(item: Record<string, unknown>, [op, path, key, value]: [string, string, string, unknown]): Record<string, unknown> {
  const copy = JSON.parse(JSON.stringify(item)) as Record<string, unknown>;
  let target: Record<string, unknown> = copy;
  for (const part of path.split('.').filter(Boolean)) {
    const next = target[part];
    if (typeof next !== 'object' || next === null || Array.isArray(next)) return copy;
    target = next as Record<string, unknown>;
  }
  if (op === 'remove') delete target[key];
  else if (op === 'replace' && key in target) target[key] = value;
  else if (op === 'add') target[key] = value;
  return copy;
}

describe('compiled fast check of batch items', () => {
  const cases = [
    { name: 'RecordPenaltyDto', dto: RecordPenaltyDto, valid: penalty },
    { name: 'RecordLicenseDto', dto: RecordLicenseDto, valid: license },
  ];

  it.each(cases)('compiles for $name and passes a valid item that class-validator passes', ({ dto, valid }) => {
    const check = compileFastCheck(dto);
    expect(check).toBeDefined();
    expect(slowValid(dto, valid())).toBe(true);
    expect(check?.(valid())).toBe(true);
  });

  it.each(cases)('never passes an item class-validator refuses ($name)', ({ dto, valid }) => {
    const check = compileFastCheck(dto);
    fc.assert(
      fc.property(fc.array(mutation, { minLength: 1, maxLength: 3 }), (mutations) => {
        const item = mutations.reduce((acc, m) => mutate(acc, m as [string, string, string, unknown]), valid());
        if (check?.(item)) expect(slowValid(dto, item)).toBe(true);
      }),
      { numRuns: 2000 },
    );
  });

  it('refuses non-objects, arrays and objects with unknown fields', () => {
    const check = compileFastCheck(RecordPenaltyDto);
    for (const item of [null, 1, 'x', [], [penalty()], { ...penalty(), extra: 1 }, { ...penalty(), subject: [penalty().subject] }]) {
      expect(check?.(item)).toBe(false);
    }
  });

  it('gives up on a DTO whose transform plainToInstance would apply', () => {
    class Trimmed {
      @IsOptional()
      @IsString()
      @MaxLength(5)
      @Transform(({ value }: { value: unknown }) => (typeof value === 'string' ? value.trim() : value))
      name?: string;
    }
    expect(compileFastCheck(Trimmed)).toBeUndefined();
  });
});
