import { CreditText } from '@credit/platform';
import { ApiProperty } from '@nestjs/swagger';
import { IsDefined, IsObject } from 'class-validator';

export class CorrectRecordDto {
  @ApiProperty({
    description:
      'The fields to correct with their new values, named and validated as at intake; `null` clears an optional field. ' +
      'Penalties: violationType, violationFacts, basis, categories, content, fineAmount, confiscatedAmount, decidedOn, validUntil, ' +
      'severity, procedure, specialSector. Licences: licenseName, licenseNumber, licenseType, content, decidedOn, validFrom, validUntil.',
    example: { fineAmount: '3000.00', content: '罚款三千元' },
  })
  @IsDefined()
  @IsObject()
  fields: Record<string, unknown>;

  @ApiProperty({ example: '录入时罚款金额有误，按处罚决定书更正' })
  // Published as given (not masked): a clear ID number is refused here.
  @CreditText({ max: 2000, multiline: true })
  reason: string;
}
