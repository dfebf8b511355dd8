import { CreditText } from '@credit/platform';
import { ApiProperty } from '@nestjs/swagger';
import { IsArray } from 'class-validator';

/** The body of `PUT /calendar/years/{year}`; the pairs and dates are checked by the publishing rules. */
export class PublishCalendarYearDto {
  @ApiProperty({ description: 'The notice the schedule comes from, e.g. 国务院办公厅关于2027年部分节假日安排的通知', maxLength: 500 })
  @CreditText({ max: 500 })
  source: string;

  @ApiProperty({ description: 'Statutory holidays as inclusive [from, to] date ranges inside the year, not overlapping', example: [['2027-01-01', '2027-01-03']] })
  @IsArray()
  holidays: unknown[];

  @ApiProperty({ description: 'Saturdays and Sundays that are working days (调休), inside the year', example: ['2027-02-20'], type: [String] })
  @IsArray()
  workingWeekendDays: unknown[];
}
