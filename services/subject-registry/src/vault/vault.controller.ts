import { validateCitizenId, encryptField } from '@credit/domain-kernel';
import { CorrelationId, CurrentPrincipal, DomainRuleError, FieldValidationProblem, Roles, type Principal } from '@credit/platform';
import { Body, Controller, Injectable, Param, Put } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiProperty, ApiTags } from '@nestjs/swagger';
import { IsNotEmpty, IsString, MaxLength } from 'class-validator';
import { DataSource } from 'typeorm';
import { SubjectRegistryConfig } from '../config';
import { auditPiiAccess, insertIdCiphertext } from './vault.repository';

export class VaultEntryDto {
  @ApiProperty({ description: 'The clear citizen ID number (GB 11643) whose keyed hash is the path subject key' })
  @IsString()
  @IsNotEmpty()
  @MaxLength(32)
  idNumber: string;
}

/**
 * The vault's door for other services (architecture.md, Personal data): a service that received a
 * natural person's clear ID number (double-publicity's intake) hands it over here and keeps only
 * the subject key and the masked form. Idempotent (the same number again stores nothing new), and
 * audited in the same transaction.
 */
@Injectable()
export class VaultService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly config: SubjectRegistryConfig,
  ) {}

  async store(subjectKey: string, dto: VaultEntryDto, principal: Principal, correlationId: string): Promise<{ subjectKey: string; stored: boolean }> {
    const checked = validateCitizenId(dto.idNumber.trim().toUpperCase());
    if (!checked.valid) throw new FieldValidationProblem([{ field: 'idNumber', message: 'idNumber is not a valid citizen ID number (GB 11643)' }]);
    if (this.config.subjectIdentity.keyFor('NATURAL_PERSON', checked.normalized) !== subjectKey) {
      throw new DomainRuleError('the subject key in the path is not the key of this ID number: a number is kept only under its own key', { rule: 'vault.key-of-number' });
    }
    return this.dataSource.transaction(async (manager) => {
      const stored = await insertIdCiphertext(manager, subjectKey, encryptField(checked.normalized, this.config.piiEncryptionKey, subjectKey));
      await auditPiiAccess(manager, subjectKey, { departmentCode: principal.departmentCode, name: principal.name ?? null, roles: principal.roles }, 'vault-handoff', correlationId);
      return { subjectKey, stored };
    });
  }
}

@ApiTags('vault')
@ApiBearerAuth()
@Controller('vault')
export class VaultController {
  constructor(private readonly vault: VaultService) {}

  @Put(':subjectKey')
  // Only the platform's own service tokens: no department, ops or admin token hands numbers over.
  @Roles('service')
  @ApiOperation({ summary: "Hand a natural person's clear ID number to the vault (service tokens only; idempotent, audited)" })
  store(@Param('subjectKey') subjectKey: string, @Body() dto: VaultEntryDto, @CurrentPrincipal() principal: Principal, @CorrelationId() correlationId: string) {
    return this.vault.store(subjectKey, dto, principal, correlationId);
  }
}
