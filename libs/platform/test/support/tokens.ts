import { SignJWT } from 'jose';

export const TEST_JWT_SECRET = 'platform-test-secret-of-at-least-32-characters';

/** A department token as the identity provider would issue it (minted here, HS256). */
export async function mintToken(
  claims: { sub?: string; name?: string; roles?: string[] } = {},
  options: { secret?: string; expiresAt?: number } = {},
): Promise<string> {
  const now = Math.floor(Date.now() / 1000);
  return new SignJWT({ name: claims.name ?? '市场监督管理局', roles: claims.roles ?? ['submitter'] })
    .setProtectedHeader({ alg: 'HS256', typ: 'JWT' })
    .setSubject(claims.sub ?? '11450100MB0000000X')
    .setIssuedAt(now)
    .setExpirationTime(options.expiresAt ?? now + 300)
    .sign(new TextEncoder().encode(options.secret ?? TEST_JWT_SECRET));
}
