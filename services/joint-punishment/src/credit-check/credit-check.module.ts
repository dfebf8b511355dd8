import { Module } from '@nestjs/common';
import { CreditCheckController } from './credit-check.controller';
import { CreditCheckService } from './credit-check.service';
import { GradesController } from './grades.controller';

@Module({ controllers: [CreditCheckController, GradesController], providers: [CreditCheckService] })
export class CreditCheckModule {}
