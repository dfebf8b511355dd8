import { decryptField } from '@credit/domain-kernel';
import { PlatformConfig, ScanScheduler, ServiceTokenSource } from '@credit/platform';
import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { DoublePublicityConfig } from '../config';
import { claimDueVaultHandoff, deferVaultHandoff, deleteVaultHandoff, type HandoffRow } from './vault-handoffs.repository';

const BACKOFF_MAX_SECONDS = 600;
const CALL_TIMEOUT_MS = 5000;

/**
 * Delivers sealed hand-offs to subject-registry's vault (see vault-handoff.ts), one row per
 * transaction: the row is locked while its call runs (FOR UPDATE SKIP LOCKED: processes side by side
 * take different rows), deleted after a 2xx, otherwise kept with its next attempt time. The vault
 * is idempotent, so a 2xx lost before the commit costs one repeated call, never a lost number.
 */
@Injectable()
export class VaultHandoffRelay extends ScanScheduler {
  protected readonly intervalSeconds: number;
  private warnedUnconfigured = false;
  /** The token for the vault: the one configured, or a short-lived service token signed here. */
  private readonly token: (() => Promise<string>) | null;

  constructor(
    private readonly dataSource: DataSource,
    private readonly config: DoublePublicityConfig,
    platform: PlatformConfig,
  ) {
    super();
    this.intervalSeconds = config.vaultHandoff.scanSeconds;
    const { token, serviceUnitCode } = config.vaultHandoff;
    if (token !== null) {
      this.token = async () => token;
    } else if (serviceUnitCode !== null && platform.AUTH_JWT_SECRET) {
      const source = new ServiceTokenSource({
        secret: platform.AUTH_JWT_SECRET,
        unitCode: serviceUnitCode,
        serviceName: platform.serviceName,
        ...(platform.AUTH_JWT_ISSUER && { issuer: platform.AUTH_JWT_ISSUER }),
        ...(platform.AUTH_JWT_AUDIENCE && { audience: platform.AUTH_JWT_AUDIENCE }),
      });
      this.token = () => source.token();
    } else {
      this.token = null;
    }
  }

  async scan(now = new Date()): Promise<number> {
    const { url } = this.config.vaultHandoff;
    const token = this.token;
    if (url === null || token === null) {
      if (!this.warnedUnconfigured) {
        this.logger.warn('SUBJECT_REGISTRY_URL, or SUBJECT_REGISTRY_TOKEN / SERVICE_UNIT_CODE, not set: ID numbers wait sealed for the vault');
      }
      this.warnedUnconfigured = true;
      return 0;
    }
    return this.drain(async () => this.next(url, await token(), now));
  }

  /** One due row: true when it was delivered (the drain goes on), false when none is due or the call failed. */
  private async next(url: string, token: string, now: Date): Promise<boolean> {
    return this.dataSource.transaction(async (manager) => {
      const row = await claimDueVaultHandoff(manager, now);
      if (!row) return false;
      const failure = await this.deliver(url, token, row);
      if (failure === null) {
        await deleteVaultHandoff(manager, row.id);
        return true;
      }
      const delaySeconds = Math.min(BACKOFF_MAX_SECONDS, 2 ** row.attempts);
      await deferVaultHandoff(manager, row.id, failure, now, delaySeconds);
      this.logger.warn(`vault hand-off ${row.id} not delivered (${failure}); retry in ${delaySeconds}s`);
      return false;
    });
  }

  /** null on a 2xx; otherwise why (never the number). */
  private async deliver(url: string, token: string, row: HandoffRow): Promise<string | null> {
    const idNumber = decryptField(row.id_ciphertext, this.config.piiEncryptionKey, row.subject_key);
    try {
      const response = await fetch(`${url}/api/v1/vault/${encodeURIComponent(row.subject_key)}`, {
        method: 'PUT',
        headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
        body: JSON.stringify({ idNumber }),
        signal: AbortSignal.timeout(CALL_TIMEOUT_MS),
      });
      return response.ok ? null : `HTTP ${response.status}`;
    } catch (error) {
      return error instanceof Error ? error.name : 'call failed';
    }
  }
}
