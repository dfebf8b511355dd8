import { Roles, DEPARTMENT_ROLES } from '@credit/platform';
import { Controller, Get, Param } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiTags } from '@nestjs/swagger';
import { GradingService } from './grading.service';

@ApiTags('grades')
@ApiBearerAuth()
@Controller('grades')
export class GradingController {
  constructor(private readonly grading: GradingService) {}

  @Get(':subjectCode')
  @Roles(...DEPARTMENT_ROLES)
  @ApiOperation({ summary: 'Score and grade (A–D) of a subject, explained by its contributing records; ID numbers answered masked' })
  grade(@Param('subjectCode') subjectCode: string) {
    return this.grading.gradeOf(subjectCode);
  }
}
