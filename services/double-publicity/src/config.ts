import { usccAllowList, WorkingDayCalendar, todayInShanghai } from '@credit/domain-kernel';
import { IsOptional, IsString, MinLength } from 'class-validator';

/** The consumer group of the reactions (api: one group per service); tests run their own group. */
export const DEFAULT_CONSUMER_GROUP = 'double-publicity';

/** double-publicity's own settings, validated at start-up with the platform's variables. */
export class DoublePublicityEnv {
  /**
   * Key of the HMAC that turns a natural person's ID number into a subject key: the same secret as
   * subject-registry's, so a person's penalties and registration share one key.
   */
  @IsString()
  @MinLength(32)
  SUBJECT_KEY_SECRET: string;

  /** Comma-separated pilot codes that are legal but fail the GB 32100 check (domain.md §1). */
  @IsOptional()
  @IsString()
  USCC_ALLOW_LIST?: string;

}

export class DoublePublicityConfig {
  readonly subjectKeySecret: string;
  readonly usccAllowList: ReadonlySet<string>;
  /** Fails at start-up when the current year has no working-day data (domain.md §8). */
  readonly calendar: WorkingDayCalendar;

  constructor(env: DoublePublicityEnv) {
    this.subjectKeySecret = env.SUBJECT_KEY_SECRET;
    this.usccAllowList = usccAllowList((env.USCC_ALLOW_LIST ?? '').split(',').filter((c) => c.trim() !== ''));
    this.calendar = new WorkingDayCalendar({ requireYears: [Number(todayInShanghai().slice(0, 4))] });
  }
}
