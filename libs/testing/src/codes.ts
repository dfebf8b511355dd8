import { computeCitizenIdCheckCharacter, computeOrganizationCodeCheckCharacter, computeUsccCheckCharacter, USCC_ALPHABET } from '@credit/domain-kernel';
import { randomInt } from 'node:crypto';

const ALPHABET = USCC_ALPHABET;

/** A fresh valid USCC (both check characters right), so runs never collide on the shared topic. */
export function freshUscc(prefix = '91450100'): string {
  const org8 = Array.from({ length: 8 }, () => ALPHABET[randomInt(ALPHABET.length)]).join('');
  const first17 = prefix + org8 + computeOrganizationCodeCheckCharacter(org8);
  return first17 + computeUsccCheckCharacter(first17);
}

/** A fresh valid citizen ID number born in Nanning in 1990. */
export function freshCitizenId(): string {
  const first17 = `45010219900307${String(randomInt(1000)).padStart(3, '0')}`;
  return first17 + computeCitizenIdCheckCharacter(first17);
}

/** The same code with a wrong final check character. */
export function withWrongCheck(code: string): string {
  const last = code[17];
  const replacement = ALPHABET[(ALPHABET.indexOf(last) + 1) % ALPHABET.length];
  return code.slice(0, 17) + (replacement === last ? '0' : replacement);
}
