import { computeCitizenIdCheckCharacter, computeOrganizationCodeCheckCharacter, computeUsccCheckCharacter, USCC_ALPHABET } from '@credit/domain-kernel';
import { randomInt } from 'node:crypto';

const ALPHABET = USCC_ALPHABET;

/** A fresh valid USCC (both check characters right), so runs never collide on the shared topic. */
export function freshUscc(prefix = '91450100'): string {
  const org8 = Array.from({ length: 8 }, () => ALPHABET[randomInt(ALPHABET.length)]).join('');
  const first17 = prefix + org8 + computeOrganizationCodeCheckCharacter(org8);
  return first17 + computeUsccCheckCharacter(first17);
}

/**
 * A fresh valid citizen ID number of someone born in Nanning between 1950 and 1999: a random birth
 * date and sequence give 18 million numbers, so runs sharing the topic's history do not meet again.
 */
export function freshCitizenId(): string {
  const birth = new Date(Date.UTC(1950, 0, 1) + randomInt(50 * 365) * 86_400_000).toISOString().slice(0, 10).replace(/-/g, '');
  const first17 = `450102${birth}${String(randomInt(1000)).padStart(3, '0')}`;
  return first17 + computeCitizenIdCheckCharacter(first17);
}

/** The same code with a wrong final check character. */
export function withWrongCheck(code: string): string {
  const last = code[17];
  const replacement = ALPHABET[(ALPHABET.indexOf(last) + 1) % ALPHABET.length];
  return code.slice(0, 17) + (replacement === last ? '0' : replacement);
}
