import type { CreditGrade } from '@credit/contracts';
import fc from 'fast-check';
import { drawPlan, pairAt, ratiosByGrade, SeededRandom, type SamplingSubject } from './inspection-sampling.rules';

const GRADES: CreditGrade[] = ['A', 'B', 'C', 'D'];
const population = (counts: Record<CreditGrade, number>): SamplingSubject[] =>
  GRADES.flatMap((grade) => Array.from({ length: counts[grade] }, (_, i) => ({ code: `${grade}-${String(i).padStart(5, '0')}`, grade })));
const INSPECTORS = ['张三', '李四', '王五', '赵六', '钱七'];
const group = fc.oneof(fc.constant(0), fc.integer({ min: 8, max: 12 }));

describe('ratios by grade', () => {
  it('is the base ratio times A 0.5, B 1, C 2, D 4, capped at 1', () => {
    expect(ratiosByGrade(0.1)).toEqual({ A: 0.05, B: 0.1, C: 0.2, D: 0.4 });
    expect(ratiosByGrade(0.3)).toEqual({ A: 0.15, B: 0.3, C: 0.6, D: 1 });
    expect(ratiosByGrade(1)).toEqual({ A: 0.5, B: 1, C: 1, D: 1 });
    expect(ratiosByGrade(0.2, { A: 1, B: 1, C: 1, D: 1 })).toEqual({ A: 0.2, B: 0.2, C: 0.2, D: 0.2 });
  });
});

describe('the seeded generator (SHA-256 counter mode)', () => {
  it('gives the same words for the same seed and others for another', () => {
    const words = (seed: string) => {
      const r = new SeededRandom(seed);
      return Array.from({ length: 20 }, () => r.nextUint32());
    };
    expect(words('2026-12 抽查')).toEqual(words('2026-12 抽查'));
    expect(words('2026-12 抽查')).not.toEqual(words('2026-11 抽查'));
  });

  it('draws below n uniformly', () => {
    const r = new SeededRandom('uniform');
    const counts = [0, 0, 0];
    for (let i = 0; i < 30_000; i++) counts[r.below(3)]++;
    for (const c of counts) expect(Math.abs(c / 30_000 - 1 / 3)).toBeLessThan(0.02);
  });
});

describe('pairs of inspectors', () => {
  it('numbers every pair a < b once', () => {
    const m = 6;
    const pairs = Array.from({ length: (m * (m - 1)) / 2 }, (_, k) => pairAt(k, m).join('-'));
    expect(new Set(pairs).size).toBe(15);
    expect(pairs[0]).toBe('0-1');
    expect(pairs[14]).toBe('4-5');
  });
});

describe('a 双随机 plan', () => {
  const input = { subjects: population({ A: 40, B: 30, C: 20, D: 10 }), baseRatio: 0.2, inspectors: INSPECTORS, seed: 'plan-2026-12' };

  it('is the same plan for the same input and seed, whatever order subjects and inspectors come in', () => {
    const first = drawPlan(input);
    const again = drawPlan({ ...input, subjects: [...input.subjects].reverse(), inspectors: [...INSPECTORS].reverse() });
    expect(again).toEqual(first);
    expect(drawPlan({ ...input, seed: 'plan-2026-11' }).selected).not.toEqual(first.selected);
  });

  it('is this plan for this fixed seed (the algorithm must not drift)', () => {
    const plan = drawPlan({ subjects: population({ A: 4, B: 3, C: 2, D: 2 }), baseRatio: 0.5, inspectors: ['甲', '乙', '丙'], seed: 'fixed' });
    expect(plan.ratiosByGrade).toEqual({ A: 0.25, B: 0.5, C: 1, D: 1 });
    expect(plan.population).toEqual({ A: 4, B: 3, C: 2, D: 2 });
    expect(plan.selected.map((s) => [s.subject.code, ...s.inspectors])).toEqual([
      ['A-00002', '丙', '乙'],
      ['B-00001', '丙', '甲'],
      ['B-00002', '乙', '甲'],
      ['C-00000', '丙', '乙'],
      ['C-00001', '乙', '甲'],
      ['D-00000', '丙', '甲'],
      ['D-00001', '丙', '甲'],
    ]);
  });

  it('never repeats an inspector within a subject, nor a pair while unused pairs remain', () => {
    fc.assert(
      fc.property(fc.string({ minLength: 1 }), fc.integer({ min: 2, max: 7 }), fc.integer({ min: 1, max: 60 }), (seed, m, n) => {
        const inspectors = Array.from({ length: m }, (_, i) => `inspector-${i}`);
        const plan = drawPlan({ subjects: population({ A: 0, B: n, C: 0, D: 0 }), baseRatio: 1, inspectors, seed });
        const total = (m * (m - 1)) / 2;
        const pairs = plan.selected.map((s) => {
          expect(s.inspectors[0]).not.toBe(s.inspectors[1]);
          return [...s.inspectors].sort().join('|');
        });
        for (let round = 0; round * total < pairs.length; round++) {
          const inRound = pairs.slice(round * total, (round + 1) * total);
          expect(new Set(inRound).size).toBe(inRound.length);
        }
      }),
      { numRuns: 200 },
    );
  });

  it('over many seeds, draws each grade at its ratio (±2 %)', () => {
    fc.assert(
      fc.property(
        // Groups of 8 or more over 2500 seeds: the share's standard deviation is at most 0.0036, so ±2 % is over 5σ.
        fc.record({ A: group, B: group, C: group, D: fc.integer({ min: 8, max: 12 }) }),
        fc.double({ min: 0.01, max: 1, noNaN: true }),
        fc.string(),
        (counts, baseRatio, prefix) => {
          const subjects = population(counts);
          const ratios = ratiosByGrade(baseRatio);
          const drawn = { A: 0, B: 0, C: 0, D: 0 } as Record<CreditGrade, number>;
          const SEEDS = 2500;
          for (let i = 0; i < SEEDS; i++) {
            for (const s of drawPlan({ subjects, baseRatio, inspectors: ['x', 'y'], seed: `${prefix}#${i}` }).selected) drawn[s.subject.grade]++;
          }
          for (const grade of GRADES) {
            if (counts[grade] === 0) continue;
            expect(Math.abs(drawn[grade] / (SEEDS * counts[grade]) - ratios[grade])).toBeLessThanOrEqual(0.02);
          }
        },
      ),
      { numRuns: 25 },
    );
  });

  it('draws exactly ratio × n when that is whole, and never a subject twice', () => {
    const plan = drawPlan({ subjects: population({ A: 20, B: 10, C: 10, D: 3 }), baseRatio: 0.1, inspectors: INSPECTORS, seed: 's' });
    const byGrade = (g: CreditGrade) => plan.selected.filter((s) => s.subject.grade === g).length;
    expect([byGrade('A'), byGrade('B'), byGrade('C')]).toEqual([1, 1, 2]);
    expect(new Set(plan.selected.map((s) => s.subject.code)).size).toBe(plan.selected.length);
  });
});
