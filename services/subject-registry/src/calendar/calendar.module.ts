import { Module } from '@nestjs/common';
import { CalendarController } from './calendar.controller';
import { CalendarPublisher } from './calendar.service';

@Module({ controllers: [CalendarController], providers: [CalendarPublisher] })
export class CalendarModule {}
