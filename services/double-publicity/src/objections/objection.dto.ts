import type { ObjectionOutcome } from '@credit/contracts';
import { CreditCode, CreditText } from '@credit/platform';
import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsObject, IsOptional, IsUUID } from 'class-validator';

export class FileObjectionDto {
  @ApiProperty({ description: 'Id of the penalty or licence record objected to' })
  @IsUUID()
  recordId: string;

  @ApiProperty({ description: "The record subject's USCC or citizen ID number", example: '91450100MA5K12347C' })
  @CreditCode({ max: 32 })
  subjectCode: string;

  @ApiProperty({ example: '处罚决定已被复议撤销，但仍在公示' })
  @CreditText({ max: 5000, multiline: true, clearIdNumbers: 'masked' })
  reason: string;

  @ApiProperty({ example: '0771-1234567' })
  @CreditText({ max: 200, clearIdNumbers: 'masked' })
  contact: string;
}

export const OBJECTION_OUTCOMES: readonly ObjectionOutcome[] = ['UPHELD', 'REJECTED'];

export class ResolveObjectionDto {
  @ApiProperty({ enum: OBJECTION_OUTCOMES })
  @IsIn(OBJECTION_OUTCOMES)
  outcome: ObjectionOutcome;

  @ApiProperty({ example: '经核实，该处罚决定已被撤销，撤下公示' })
  @CreditText({ max: 5000, multiline: true, clearIdNumbers: 'masked' })
  note: string;

  @ApiPropertyOptional({
    description:
      'With UPHELD: the fields to correct, as in POST /penalties/{id}/corrections (or /licenses/{id}/corrections); the record is ' +
      'corrected instead of withdrawn. Required to uphold an objection to a licence record.',
    example: { fineAmount: '3000.00' },
  })
  @IsOptional()
  @IsObject()
  corrections?: Record<string, unknown>;
}
