import { ADMINISTRATIVE_ACTION_TYPES, type AdministrativeActionType } from '@credit/contracts';
import { CreditCode, CreditName, CreditText, PageQueryDto } from '@credit/platform';
import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsOptional } from 'class-validator';
import { DisclosureDto, OptionalDisclosure, OptionalMoneyAmount, RecordDate, RecordMatterFieldsDto } from '../penalties/penalty.dto';

export const ACTION_TYPE_NAMES: Record<AdministrativeActionType, string> = {
  ENFORCEMENT: '行政强制',
  CONFIRMATION: '行政确认',
  LEVY: '行政征收',
  PAYMENT: '行政给付',
  ADJUDICATION: '行政裁决',
  COMPENSATION: '行政补偿',
  REWARD: '行政奖励',
  INSPECTION: '行政监督检查',
};

/** An administrative action other than a licence or penalty, collected like them (domain.md §2). */
export class RecordAdministrativeActionDto extends RecordMatterFieldsDto {
  @ApiProperty({ enum: ADMINISTRATIVE_ACTION_TYPES, description: Object.entries(ACTION_TYPE_NAMES).map(([k, v]) => `${k} ${v}`).join(', ') })
  @IsIn(ADMINISTRATIVE_ACTION_TYPES, { message: `actionType must be one of ${ADMINISTRATIVE_ACTION_TYPES.join(', ')}` })
  actionType: AdministrativeActionType;

  @ApiProperty({ example: '南市监强〔2026〕8号' })
  @CreditName({ max: 200, clearIdNumbers: 'masked' })
  decisionNumber: string;

  @ApiProperty({ example: '查封涉案物品一批' })
  @CreditText({ max: 5000, multiline: true, clearIdNumbers: 'masked' })
  content: string;

  @ApiPropertyOptional({ example: '《行政强制法》第九条' })
  @IsOptional()
  @CreditText({ max: 2000, multiline: true, clearIdNumbers: 'masked' })
  basis?: string;

  @OptionalMoneyAmount('amount', '1200.00', 'yuan, decimal string (levied, paid, compensated, awarded)')
  amount?: string;

  @ApiPropertyOptional({ example: '未发现问题', description: 'result of the action (e.g. of an inspection)' })
  @IsOptional()
  @CreditText({ max: 2000, multiline: true, clearIdNumbers: 'masked' })
  result?: string;

  @RecordDate('2026-05-11')
  decidedOn: string;

  @RecordDate('2027-05-10', { optional: true })
  validUntil?: string;

  @OptionalDisclosure()
  disclosure?: DisclosureDto;
}

export class AdministrativeActionQueryDto extends PageQueryDto {
  @ApiPropertyOptional({ description: 'USCC, citizen ID number, or IB-<registration number> of an individual business without a code' })
  @IsOptional()
  @CreditCode({ max: 32 })
  subjectCode?: string;

  @ApiPropertyOptional({ enum: ADMINISTRATIVE_ACTION_TYPES })
  @IsOptional()
  @IsIn(ADMINISTRATIVE_ACTION_TYPES)
  actionType?: AdministrativeActionType;
}
