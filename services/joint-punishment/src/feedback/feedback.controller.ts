import { Roles } from '@credit/platform';
import { Controller, Get, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiTags } from '@nestjs/swagger';
import { MonthlyFeedbackQueryDto } from './feedback.dto';
import { FeedbackService } from './feedback.service';

@ApiTags('feedback')
@ApiBearerAuth()
@Controller('feedback')
export class FeedbackController {
  constructor(private readonly feedback: FeedbackService) {}

  @Get('monthly')
  @Roles('reviewer', 'ops', 'admin')
  @ApiOperation({ summary: 'Monthly execution report per linkage unit and city-wide: measures applied and lifted, executions by outcome, coverage' })
  monthly(@Query() query: MonthlyFeedbackQueryDto) {
    return this.feedback.monthly(query.month);
  }
}
