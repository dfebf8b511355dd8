import { CorrelationId, CurrentPrincipal, DEPARTMENT_ROLES, PageQueryDto, Roles, type Principal } from '@credit/platform';
import { Body, Controller, Get, Param, Post, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiTags } from '@nestjs/swagger';
import { GradingService } from './grading.service';
import { DefineScoringRuleDto } from './scoring-rule.dto';
import { SCORING_RULE_V1 } from './scoring.rules';

@ApiTags('grades')
@ApiBearerAuth()
@Controller('grades')
export class GradingController {
  constructor(private readonly grading: GradingService) {}

  @Get(':subjectCode')
  @Roles(...DEPARTMENT_ROLES)
  @ApiOperation({
    summary:
      'Score and grade (A–D) of a subject by the rule version in effect today, explained by its contributing records (source event, weight, contribution); ID numbers answered masked',
  })
  grade(@Param('subjectCode') subjectCode: string) {
    return this.grading.gradeOf(subjectCode);
  }

  @Get(':subjectCode/history')
  @Roles(...DEPARTMENT_ROLES)
  @ApiOperation({ summary: 'Every grade the subject was given, newest first, each with its trigger and rule version; paged' })
  history(@Param('subjectCode') subjectCode: string, @Query() query: PageQueryDto) {
    return this.grading.history(subjectCode, query);
  }
}

@ApiTags('scoring-rules')
@ApiBearerAuth()
@Controller('scoring-rules')
export class ScoringRulesController {
  constructor(private readonly grading: GradingService) {}

  @Get()
  @Roles(...DEPARTMENT_ROLES)
  @ApiOperation({ summary: 'Every version of the scoring rule (weights, thresholds, effective date) and the one in effect today' })
  list() {
    return this.grading.rules();
  }

  @Post()
  @Roles('admin')
  @ApiOperation({ summary: 'Define the next version of the scoring rule, effective today or later (422 before today)' })
  define(@Body() dto: DefineScoringRuleDto, @CurrentPrincipal() principal: Principal, @CorrelationId() correlationId: string) {
    const { effectiveFrom, reason, ...weights } = dto;
    return this.grading.defineRule({ effectiveFrom, reason: reason.trim(), weights: { penalty: { ...weights.penalty }, listEntry: { ...weights.listEntry }, commitment: { ...weights.commitment }, inspection: { ...weights.inspection }, industryEvaluation: { ...SCORING_RULE_V1.industryEvaluation, ...weights.industryEvaluation }, thresholds: { ...weights.thresholds } } }, { principal, correlationId });
  }
}
