import { calendarYearError, parseIsoDate } from '@credit/domain-kernel';
import { CalendarService, FieldValidationProblem, IsLocalDate, parseCalendarYear, Public } from '@credit/platform';
import { Controller, Get, Module, Param, Query } from '@nestjs/common';
import { ApiOperation, ApiProperty, ApiTags } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsInt, Max, Min } from 'class-validator';

/** The most working days a public deadline query counts (a little over a year of working days). */
const MAX_WORKING_DAYS = 366;

export class DeadlineQueryDto {
  @ApiProperty({ description: 'The day the period starts from, YYYY-MM-DD (it never counts itself)', example: '2026-12-28' })
  @IsLocalDate()
  from: string;

  @ApiProperty({ description: 'How many working days', minimum: 0, maximum: MAX_WORKING_DAYS, example: 5 })
  @Type(() => Number)
  @IsInt()
  @Min(0)
  @Max(MAX_WORKING_DAYS)
  workingDays: number;
}

/**
 * The working-day calendar as the platform computes deadlines with it, for department systems and
 * the public (no token): a year's schedule, published or provisional, and "N working days after D".
 */
@ApiTags('public calendar')
@Public()
@Controller('public/calendar')
export class PublicCalendarController {
  constructor(private readonly calendar: CalendarService) {}

  // Declared before ':year' so that "deadline" is not read as a year.
  @Get('deadline')
  @ApiOperation({ summary: 'The end of the N-th working day after `from`, as the platform computes every deadline, and whether it rests on a provisional year' })
  deadline(@Query() query: DeadlineQueryDto) {
    const from = parseIsoDate(query.from);
    if (!from) throw new FieldValidationProblem([{ field: 'from', message: `from (${query.from}) is not a real date` }]);
    const outOfRange = calendarYearError(from.year, 'from');
    if (outOfRange) throw new FieldValidationProblem([outOfRange]);
    const deadline = this.calendar.calendar.deadline(query.from, query.workingDays);
    return { from: deadline.from, workingDays: deadline.workingDays, dueOn: deadline.dueOn, dueBy: deadline.dueBy, provisional: deadline.provisional, calendar: deadline.calendar };
  }

  @Get(':year')
  @ApiOperation({ summary: "A year's working-day schedule: published (with its version and source) or provisional (computed from the holiday law, no 调休)" })
  year(@Param('year') year: string) {
    return this.calendar.calendar.yearView(parseCalendarYear(year));
  }
}

@Module({ controllers: [PublicCalendarController] })
export class PublicCalendarModule {}
