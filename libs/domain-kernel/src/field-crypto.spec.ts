import { randomBytes } from 'node:crypto';
import fc from 'fast-check';
import { decryptField, encryptField, FieldDecryptionError, parseEncryptionKey } from './field-crypto';

const KEY = randomBytes(32);

describe('field encryption (AES-256-GCM)', () => {
  it('round-trips any text, including Chinese names and the empty string', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'grapheme' }), (plaintext) => {
        expect(decryptField(encryptField(plaintext, KEY), KEY)).toBe(plaintext);
      }),
    );
    expect(decryptField(encryptField('', KEY), KEY)).toBe('');
    expect(decryptField(encryptField('欧阳娜娜', KEY, 'NP-abc'), KEY, 'NP-abc')).toBe('欧阳娜娜');
  });

  it('writes the compact v1.<iv>.<tag>.<ciphertext> form without the clear value', () => {
    const sealed = encryptField('450102199003071238', KEY);
    expect(sealed).toMatch(/^v1\.[A-Za-z0-9_-]{16}\.[A-Za-z0-9_-]{22}\.[A-Za-z0-9_-]+$/);
    expect(sealed).not.toContain('450102');
  });

  it('uses a fresh IV for every value', () => {
    expect(encryptField('450102199003071238', KEY)).not.toBe(encryptField('450102199003071238', KEY));
  });

  it('detects any altered bit of the IV, the tag or the ciphertext', () => {
    const sealed = encryptField('450102199003071238', KEY, 'row-1');
    const parts = sealed.split('.');
    const alteration = fc.tuple(fc.integer({ min: 1, max: 3 }), fc.nat(), fc.integer({ min: 1, max: 255 }));
    fc.assert(
      fc.property(alteration, ([part, index, mask]) => {
        const bytes = Buffer.from(parts[part], 'base64url');
        bytes[index % bytes.length] ^= mask;
        const tampered = parts.map((original, i) => (i === part ? bytes.toString('base64url') : original)).join('.');
        expect(() => decryptField(tampered, KEY, 'row-1')).toThrow(FieldDecryptionError);
      }),
      { numRuns: 300 },
    );
  });

  it.each([
    ['another key', (sealed: string) => decryptField(sealed, randomBytes(32), 'row-1')],
    ['other associated data', (sealed: string) => decryptField(sealed, KEY, 'row-2')],
    ['missing associated data', (sealed: string) => decryptField(sealed, KEY)],
    ['a truncated value', (sealed: string) => decryptField(sealed.slice(0, -2), KEY, 'row-1')],
    ['another format version', (sealed: string) => decryptField(sealed.replace(/^v1/, 'v2'), KEY, 'row-1')],
    ['a missing part', (sealed: string) => decryptField(sealed.split('.').slice(0, 3).join('.'), KEY, 'row-1')],
    ['plain text', () => decryptField('450102199003071238', KEY)],
  ])('refuses to decrypt with %s', (_label, attempt) => {
    const sealed = encryptField('450102199003071238', KEY, 'row-1');
    expect(() => attempt(sealed)).toThrow(FieldDecryptionError);
  });

  describe('key from configuration', () => {
    it('accepts 32 bytes in standard or url-safe base64', () => {
      const key = randomBytes(32);
      expect(parseEncryptionKey(key.toString('base64')).equals(key)).toBe(true);
      expect(parseEncryptionKey(` ${key.toString('base64url')}\n`).equals(key)).toBe(true);
    });

    it.each([
      ['16 bytes', randomBytes(16).toString('base64'), /exactly 32 bytes.*got 16 bytes/],
      ['33 bytes', randomBytes(33).toString('base64'), /got 33 bytes/],
      ['empty', '', /got 0 bytes/],
      ['not base64', 'this is not a key!', /not base64/],
    ])('rejects a key of %s with a clear message', (_label, value, message) => {
      expect(() => parseEncryptionKey(value)).toThrow(message);
    });

    it('never repeats the configured value in its message', () => {
      const value = randomBytes(31).toString('base64');
      expect(() => parseEncryptionKey(value)).toThrow(expect.objectContaining({ message: expect.not.stringContaining(value) }));
    });

    it('refuses keys of the wrong size when encrypting', () => {
      expect(() => encryptField('x', randomBytes(16))).toThrow(/32 bytes/);
    });
  });
});
