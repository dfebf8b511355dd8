import { SignJWT } from 'jose';
import { devEnv } from './repo';

/** The roles of the REST contract (api-contract: Auth). */
export const CONTRACT_ROLES = ['submitter', 'reviewer', 'reader', 'ops', 'admin'] as const;
export type ContractRole = (typeof CONTRACT_ROLES)[number];

/** Lifetime of a minted token unless the caller chooses: well within the platform's 24-hour maximum. */
export const DEFAULT_TOKEN_LIFETIME = '1h';

export interface MintTokenOptions {
  /**
   * The department's USCC (the contract's `sub`). The services refuse a token whose `sub` is not a
   * valid code (check characters included); it is not checked here, so that tests can mint such a
   * token on purpose.
   */
  sub: string;
  name?: string;
  roles: readonly string[];
  /** HS256 key; default `AUTH_JWT_SECRET` from the environment, else from deploy/local/dev.env. */
  secret?: string;
  /**
   * Lifetime: a jose time span (`'8h'`, `'30 min'`) or seconds from now. A negative number gives
   * an already-expired token, for tests of the 401 path; null gives a token without `exp`, which
   * the services refuse as well. Default `'1h'`. The services refuse a token valid for longer than
   * AUTH_TOKEN_MAX_LIFETIME_SECONDS (24 hours by default).
   */
  expiresIn?: string | number | null;
  /** Claims beyond the contract's, e.g. `iss`/`aud` when a verifier requires them. */
  extraClaims?: Record<string, unknown>;
}

/** The local stack's JWT key: the environment's `AUTH_JWT_SECRET`, else the one in deploy/local/dev.env. */
export function devJwtSecret(): string {
  const secret = process.env.AUTH_JWT_SECRET ?? devEnv().AUTH_JWT_SECRET;
  if (!secret) throw new Error('AUTH_JWT_SECRET is neither in the environment nor in deploy/local/dev.env');
  return secret;
}

/** A Bearer token as department systems send them: HS256, claims `sub`, `name`, `roles`, `iat`, `exp`. */
export async function mintToken(options: MintTokenOptions): Promise<string> {
  if (!options.sub) throw new Error('mintToken: sub is required');
  const secret = options.secret ?? devJwtSecret();
  const now = Math.floor(Date.now() / 1000);
  const expiresIn = options.expiresIn === undefined ? DEFAULT_TOKEN_LIFETIME : options.expiresIn;
  const claims: Record<string, unknown> = { ...options.extraClaims, roles: [...options.roles] };
  if (options.name !== undefined) claims.name = options.name;
  const jwt = new SignJWT(claims).setProtectedHeader({ alg: 'HS256', typ: 'JWT' }).setSubject(options.sub).setIssuedAt(now);
  // jose reads a number as an absolute time, a string as a span from now.
  if (expiresIn !== null) jwt.setExpirationTime(typeof expiresIn === 'number' ? now + expiresIn : expiresIn);
  return jwt.sign(new TextEncoder().encode(secret));
}
