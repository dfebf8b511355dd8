import { Module } from '@nestjs/common';
import { FeedbackController } from './feedback.controller';
import { FeedbackService } from './feedback.service';
import { MonthlyFeedbackScheduler } from './monthly-feedback.scheduler';

@Module({ controllers: [FeedbackController], providers: [FeedbackService, MonthlyFeedbackScheduler] })
export class FeedbackModule {}
