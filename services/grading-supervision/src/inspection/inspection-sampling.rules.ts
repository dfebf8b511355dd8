/**
 * 双随机 sampling (双随机、一公开, domain.md §7): which subjects a department inspects and which two
 * of its inspectors go, drawn at random and reproducible from a seed. Pure: no Nest, no I/O.
 *
 * Algorithm `sha256-ctr-fy-v1` (the same input and seed always give the same plan):
 *
 *  1. Ratio per grade: min(1, baseRatio × multiplier) (defaults A 0.5, B 1, C 2, D 4; a subject the
 *     platform never graded is sampled as B).
 *  2. Random numbers: SHA-256 in counter mode. Block k = SHA-256(UTF-8(seed) ‖ 0x00 ‖ k as 32-bit
 *     big-endian), k = 0, 1, …; each block gives eight 32-bit big-endian words, used in order. A
 *     number below n is drawn by rejection (words ≥ ⌊2³²/n⌋·n are skipped), so it is unbiased.
 *  3. Subjects are sorted by code (code-unit order), inspectors likewise, so the order the caller
 *     lists them in does not matter.
 *  4. For each grade A, B, C, D in turn, of its n subjects: e = ratio × n; k = ⌊e⌋, plus one when a
 *     uniform word / 2³² is below e − ⌊e⌋ (one word drawn per grade, always): the expected number
 *     drawn is exactly ratio × n, also for small groups. The k subjects are the first k of a
 *     partial Fisher–Yates shuffle (for i < k: swap i with i + below(n − i)).
 *  5. The selected subjects, in code order, each get an inspector pair: pairs (a < b) of the m sorted
 *     inspectors are numbered 0 … m(m−1)/2 − 1 in lexicographic order and drawn without replacement
 *     (a Fisher–Yates shuffle over the numbers, kept sparse); only when every pair has been used does
 *     a new round of all pairs start. The two inspectors of a subject are always different.
 */
import type { CreditGrade, RatiosByGrade } from '@credit/contracts';
import { CREDIT_GRADES } from '@credit/contracts';
import { createHash } from 'node:crypto';

export const SAMPLING_ALGORITHM = 'sha256-ctr-fy-v1';

/** domain.md §7 defaults: A 0.5×, B 1×, C 2×, D 4× of the base ratio. */
/** Multipliers when the department's settings name none (config: INSPECTION_GRADE_MULTIPLIERS). */
export const DEFAULT_GRADE_MULTIPLIERS: Readonly<Record<CreditGrade, number>> = { A: 0.5, B: 1, C: 2, D: 4 };

/** Grade a subject the platform never graded is sampled as. */
export const UNGRADED_SAMPLING_GRADE: CreditGrade = 'B';

const TWO_32 = 2 ** 32;

/** Ratios are kept to 1e-9 so that 0.1 × 2 is 0.2, not 0.20000000000000004. */
const tidy = (x: number): number => Math.round(x * 1e9) / 1e9;

export function ratiosByGrade(baseRatio: number, multipliers: Readonly<Record<CreditGrade, number>> = DEFAULT_GRADE_MULTIPLIERS): RatiosByGrade {
  const ratios = {} as RatiosByGrade;
  for (const grade of CREDIT_GRADES) ratios[grade] = Math.min(1, tidy(baseRatio * multipliers[grade]));
  return ratios;
}

/** SHA-256 counter-mode generator of 32-bit words from a seed string (step 2). */
export class SeededRandom {
  private counter = 0;
  private block: Buffer = Buffer.alloc(0);
  private offset = 0;
  private readonly seed: Buffer;

  constructor(seed: string) {
    this.seed = Buffer.from(seed, 'utf8');
  }

  nextUint32(): number {
    if (this.offset >= this.block.length) {
      const k = Buffer.alloc(4);
      k.writeUInt32BE(this.counter++);
      this.block = createHash('sha256').update(this.seed).update(Buffer.from([0])).update(k).digest();
      this.offset = 0;
    }
    const word = this.block.readUInt32BE(this.offset);
    this.offset += 4;
    return word;
  }

  /** Uniform in [0, 1). */
  nextUnit(): number {
    return this.nextUint32() / TWO_32;
  }

  /** Uniform integer in [0, n), 1 ≤ n ≤ 2³², by rejection. */
  below(n: number): number {
    if (!Number.isInteger(n) || n < 1 || n > TWO_32) throw new RangeError(`below(${n})`);
    const limit = Math.floor(TWO_32 / n) * n;
    for (;;) {
      const word = this.nextUint32();
      if (word < limit) return word % n;
    }
  }
}

export interface SamplingSubject {
  /** The code the subject is sorted by. */
  code: string;
  grade: CreditGrade;
}

export interface SamplingInput<S extends SamplingSubject> {
  subjects: readonly S[];
  baseRatio: number;
  multipliers?: Readonly<Record<CreditGrade, number>>;
  inspectors: readonly string[];
  seed: string;
}

export interface SampledPlan<S extends SamplingSubject> {
  ratiosByGrade: RatiosByGrade;
  population: Record<CreditGrade, number>;
  selected: Array<{ subject: S; inspectors: [string, string] }>;
}

const byCode = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0);

/** Steps 1–5. Subjects with distinct codes and at least two distinct inspectors (the caller checks). */
export function drawPlan<S extends SamplingSubject>(input: SamplingInput<S>): SampledPlan<S> {
  const inspectors = [...input.inspectors].sort(byCode);
  if (inspectors.length < 2 || new Set(inspectors).size !== inspectors.length) throw new RangeError('at least two distinct inspectors');
  const ratios = ratiosByGrade(input.baseRatio, input.multipliers);
  const random = new SeededRandom(input.seed);
  const sorted = [...input.subjects].sort((a, b) => byCode(a.code, b.code));

  const population = { A: 0, B: 0, C: 0, D: 0 } as Record<CreditGrade, number>;
  const chosen: S[] = [];
  for (const grade of CREDIT_GRADES) {
    const members = sorted.filter((s) => s.grade === grade);
    population[grade] = members.length;
    const expected = tidy(ratios[grade] * members.length);
    const whole = Math.floor(expected);
    const k = Math.min(members.length, whole + (random.nextUnit() < expected - whole ? 1 : 0));
    for (let i = 0; i < k; i++) {
      const j = i + random.below(members.length - i);
      [members[i], members[j]] = [members[j], members[i]];
    }
    chosen.push(...members.slice(0, k));
  }
  chosen.sort((a, b) => byCode(a.code, b.code));

  const pairs = new PairDraw(inspectors.length, random);
  const selected = chosen.map((subject) => {
    const [a, b] = pairs.next();
    return { subject, inspectors: [inspectors[a], inspectors[b]] as [string, string] };
  });
  return { ratiosByGrade: ratios, population, selected };
}

/** Step 5: pairs of m inspectors without replacement, a new round once all are used. */
class PairDraw {
  private readonly total: number;
  private swapped = new Map<number, number>();
  private drawn = 0;

  constructor(
    private readonly m: number,
    private readonly random: SeededRandom,
  ) {
    this.total = (m * (m - 1)) / 2;
  }

  next(): [number, number] {
    if (this.drawn === this.total) {
      this.swapped = new Map();
      this.drawn = 0;
    }
    const i = this.drawn++;
    const j = i + this.random.below(this.total - i);
    const picked = this.swapped.get(j) ?? j;
    this.swapped.set(j, this.swapped.get(i) ?? i);
    return pairAt(picked, this.m);
  }
}

/** The k-th pair (a < b) of 0 … m−1 in lexicographic order. */
export function pairAt(k: number, m: number): [number, number] {
  let a = 0;
  let rest = k;
  while (rest >= m - 1 - a) {
    rest -= m - 1 - a;
    a++;
  }
  return [a, a + 1 + rest];
}
