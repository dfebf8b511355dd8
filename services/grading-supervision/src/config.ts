import type { CreditGrade } from '@credit/contracts';
import { type PlatformConfig, SubjectKeyConfig, SubjectKeyEnv } from '@credit/platform';
import { Type } from 'class-transformer';
import { IsInt, IsOptional, Matches, Max, Min } from 'class-validator';
import { DEFAULT_GRADE_MULTIPLIERS } from './inspection/inspection-sampling.rules';

/** The consumer group of the deployed service (KAFKA_CONSUMER_GROUP overrides it for a second copy). */
export const DEFAULT_CONSUMER_GROUP = 'grading-supervision';


const MULTIPLIERS = /^\s*A=\d+(\.\d+)?\s*,\s*B=\d+(\.\d+)?\s*,\s*C=\d+(\.\d+)?\s*,\s*D=\d+(\.\d+)?\s*$/;

/** grading-supervision's own settings, validated at start-up with the platform's variables. */
export class GradingSupervisionEnv extends SubjectKeyEnv {
  /** Sampling multiplier of each grade in 双随机 plans, e.g. `A=0.5,B=1,C=2,D=4` (the default). */
  @IsOptional()
  @Matches(MULTIPLIERS, { message: 'INSPECTION_GRADE_MULTIPLIERS must be A=<n>,B=<n>,C=<n>,D=<n> (e.g. A=0.5,B=1,C=2,D=4)' })
  INSPECTION_GRADE_MULTIPLIERS?: string;

  /** Seconds between two scans for grades computed by a rule version no longer in effect (default 300). */
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(86400)
  RULE_REGRADE_SCAN_SECONDS?: number;
}

export class GradingSupervisionConfig extends SubjectKeyConfig {
  readonly inspectionGradeMultipliers: Readonly<Record<CreditGrade, number>>;
  readonly ruleRegradeScanSeconds: number;

  constructor(env: GradingSupervisionEnv, platform: Pick<PlatformConfig, 'subjectIdentity'>) {
    super(env, platform);
    this.ruleRegradeScanSeconds = env.RULE_REGRADE_SCAN_SECONDS ?? 300;
    this.inspectionGradeMultipliers =
      env.INSPECTION_GRADE_MULTIPLIERS === undefined
        ? DEFAULT_GRADE_MULTIPLIERS
        : (Object.fromEntries(env.INSPECTION_GRADE_MULTIPLIERS.split(',').map((part) => {
            const [grade, value] = part.trim().split('=');
            return [grade, Number(value)];
          })) as Record<CreditGrade, number>);
  }
}
