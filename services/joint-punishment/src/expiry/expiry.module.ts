import { Module } from '@nestjs/common';
import { ListEntriesModule } from '../list-entries/list-entries.module';
import { ExpiryScheduler } from './expiry.scheduler';

@Module({ imports: [ListEntriesModule], providers: [ExpiryScheduler] })
export class ExpiryModule {}
