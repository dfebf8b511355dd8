import { Module } from '@nestjs/common';
import { CreditCheckController } from './credit-check.controller';
import { CreditCheckService } from './credit-check.service';
import { GradesReaction } from './grades.reaction';

@Module({ controllers: [CreditCheckController, GradesReaction], providers: [CreditCheckService] })
export class CreditCheckModule {}
