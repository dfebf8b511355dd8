import { CalendarService, CorrelationId, CurrentPrincipal, parseCalendarYear, Roles, type Principal } from '@credit/platform';
import { Body, Controller, Get, Param, Put } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiTags } from '@nestjs/swagger';
import { PublishCalendarYearDto } from './calendar.dto';
import { CalendarPublisher } from './calendar.service';

@ApiTags('calendar')
@ApiBearerAuth()
@Controller('calendar/years')
export class CalendarController {
  constructor(
    private readonly publisher: CalendarPublisher,
    private readonly calendar: CalendarService,
  ) {}

  @Put(':year')
  @Roles('admin')
  @ApiOperation({
    summary:
      "Publish a year's working-day schedule (国务院办公厅关于部分节假日安排的通知): 200 with the year's version; the same content again publishes nothing",
  })
  publish(@Param('year') year: string, @Body() dto: PublishCalendarYearDto, @CurrentPrincipal() principal: Principal, @CorrelationId() correlationId: string) {
    return this.publisher.publish(parseCalendarYear(year), dto, principal, correlationId);
  }

  @Get(':year')
  @Roles('submitter', 'reviewer', 'reader', 'ops', 'admin')
  @ApiOperation({ summary: 'A year as it stands here: published (with its version) or provisional (computed from the holiday law)' })
  get(@Param('year') year: string) {
    return this.calendar.calendar.yearView(parseCalendarYear(year));
  }
}
