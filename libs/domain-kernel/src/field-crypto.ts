/**
 * Field encryption of personal data at rest (the clear citizen ID number and name kept by the
 * subject registry): AES-256-GCM, a fresh random 96-bit IV per value, 128-bit tag, in the compact
 * form `v1.<iv>.<tag>.<ciphertext>` (base64url) that fits a text column and says its own format.
 *
 * `associatedData` binds a ciphertext to its row (e.g. the subject key): a value copied onto another
 * row then fails to decrypt instead of silently showing another person's data.
 */
import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';

export const FIELD_ENCRYPTION_KEY_BYTES = 32;
const FORMAT = 'v1';
const ALGORITHM = 'aes-256-gcm';
const IV_BYTES = 12;
const TAG_BYTES = 16;
const BASE64URL = /^[A-Za-z0-9_-]*$/;

/** The value is malformed, was altered, or was sealed with another key or associated data. */
export class FieldDecryptionError extends Error {
  override readonly name = 'FieldDecryptionError';
}

export function encryptField(plaintext: string, key: Buffer, associatedData?: string): string {
  assertKey(key);
  const iv = randomBytes(IV_BYTES);
  const cipher = createCipheriv(ALGORITHM, key, iv, { authTagLength: TAG_BYTES });
  if (associatedData !== undefined) cipher.setAAD(Buffer.from(associatedData, 'utf8'));
  const ciphertext = Buffer.concat([cipher.update(plaintext, 'utf8'), cipher.final()]);
  return [FORMAT, iv.toString('base64url'), cipher.getAuthTag().toString('base64url'), ciphertext.toString('base64url')].join('.');
}

export function decryptField(sealed: string, key: Buffer, associatedData?: string): string {
  assertKey(key);
  const parts = sealed.split('.');
  if (parts.length !== 4 || parts[0] !== FORMAT || !parts.slice(1).every((part) => BASE64URL.test(part))) {
    throw new FieldDecryptionError(`not an encrypted field value in the ${FORMAT}.<iv>.<tag>.<ciphertext> form`);
  }
  const [iv, tag, ciphertext] = parts.slice(1).map((part) => Buffer.from(part, 'base64url'));
  if (iv.length !== IV_BYTES || tag.length !== TAG_BYTES) {
    throw new FieldDecryptionError('encrypted field value has a malformed IV or authentication tag');
  }
  try {
    const decipher = createDecipheriv(ALGORITHM, key, iv, { authTagLength: TAG_BYTES });
    decipher.setAuthTag(tag);
    if (associatedData !== undefined) decipher.setAAD(Buffer.from(associatedData, 'utf8'));
    return Buffer.concat([decipher.update(ciphertext), decipher.final()]).toString('utf8');
  } catch {
    throw new FieldDecryptionError('encrypted field value failed authentication: altered, or sealed with another key');
  }
}

/**
 * Reads the key from configuration: base64 (standard or url-safe) of exactly 32 random bytes, e.g.
 * `openssl rand -base64 32`. The message never repeats the configured value.
 */
export function parseEncryptionKey(base64: string): Buffer {
  const text = base64.trim();
  const wellFormed = /^[A-Za-z0-9+/]*={0,2}$/.test(text) || /^[A-Za-z0-9_-]*={0,2}$/.test(text);
  const key = wellFormed ? Buffer.from(text.replace(/-/g, '+').replace(/_/g, '/'), 'base64') : undefined;
  if (!key || key.length !== FIELD_ENCRYPTION_KEY_BYTES) {
    throw new RangeError(
      `the field encryption key must be exactly ${FIELD_ENCRYPTION_KEY_BYTES} bytes (256 bits) in base64, ` +
        `e.g. from \`openssl rand -base64 32\`; ${key ? `got ${key.length} bytes` : 'got text that is not base64'}`,
    );
  }
  return key;
}

function assertKey(key: Buffer): void {
  if (key.length !== FIELD_ENCRYPTION_KEY_BYTES) {
    throw new RangeError(`a field encryption key must be ${FIELD_ENCRYPTION_KEY_BYTES} bytes, got ${key.length}`);
  }
}
