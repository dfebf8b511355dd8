import { SignJWT } from 'jose';

export const TEST_JWT_SECRET = 'platform-test-secret-of-at-least-32-characters';

/** Departments with valid unified social credit codes (both check characters right). */
export const DEPARTMENT = '11450100007712342F';
export const OTHER_DEPARTMENT = '11450100007712350A';

export interface TestTokenOptions {
  secret?: string;
  /** Absolute `exp` (seconds); default 5 minutes from now; null leaves the claim out. */
  expiresAt?: number | null;
  /** Absolute `iat` (seconds); default now; null leaves the claim out. */
  issuedAt?: number | null;
  issuer?: string;
  audience?: string;
}

/** A department token as the identity provider would issue it (minted here, HS256). */
export async function mintToken(
  claims: { sub?: string; name?: string; roles?: string[] } = {},
  options: TestTokenOptions = {},
): Promise<string> {
  const now = Math.floor(Date.now() / 1000);
  const jwt = new SignJWT({ name: claims.name ?? '市场监督管理局', roles: claims.roles ?? ['submitter'] })
    .setProtectedHeader({ alg: 'HS256', typ: 'JWT' })
    .setSubject(claims.sub ?? DEPARTMENT);
  const issuedAt = options.issuedAt === undefined ? now : options.issuedAt;
  if (issuedAt !== null) jwt.setIssuedAt(issuedAt);
  const expiresAt = options.expiresAt === undefined ? now + 300 : options.expiresAt;
  if (expiresAt !== null) jwt.setExpirationTime(expiresAt);
  if (options.issuer !== undefined) jwt.setIssuer(options.issuer);
  if (options.audience !== undefined) jwt.setAudience(options.audience);
  return jwt.sign(new TextEncoder().encode(options.secret ?? TEST_JWT_SECRET));
}
