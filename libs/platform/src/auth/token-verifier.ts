import { validateUscc } from '@credit/domain-kernel';
import { createRemoteJWKSet, errors as joseErrors, jwtVerify, type JWTPayload, type JWTVerifyGetKey, type JWTVerifyOptions } from 'jose';
import type { PlatformConfig } from '../config/platform-config';
import { isRole, SOLE_ROLES, type Principal } from './principal';

/** Why a token was refused; the text goes into the 401 problem (never the token itself). */
export class InvalidTokenError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'InvalidTokenError';
  }
}

/** Asymmetric algorithms accepted from a key set: never `none`, never HS* with a public key. */
const JWKS_ALGORITHMS = ['RS256', 'RS384', 'RS512', 'PS256', 'PS384', 'PS512', 'ES256', 'ES384', 'ES512', 'EdDSA'];

export interface TokenCacheOptions {
  /** Most verified tokens kept (least recently used dropped first). Default 10 000; 0 turns the cache off. */
  maxEntries?: number;
  /** Longest a verification is reused, so that a key withdrawn from the key set stops working soon. Default 60 s. */
  maxAgeMs?: number;
  /** The clock (tests). */
  now?: () => number;
}

interface CachedPrincipal {
  principal: Principal;
  /** Reused until then: the token's `exp`, at most maxAgeMs after its verification. */
  until: number;
}

/** Clock skew tolerated between the token issuer and this service, in seconds. */
const CLOCK_TOLERANCE_SECONDS = 30;
/** AUTH_TOKEN_MAX_LIFETIME_SECONDS when the configuration does not say (tests building a verifier by hand). */
const DEFAULT_MAX_LIFETIME_SECONDS = 86_400;

export type TokenVerifierConfig = Pick<PlatformConfig, 'AUTH_JWT_SECRET' | 'AUTH_JWKS_URL' | 'AUTH_JWT_ISSUER' | 'AUTH_JWT_AUDIENCE'> &
  Partial<Pick<PlatformConfig, 'AUTH_TOKEN_MAX_LIFETIME_SECONDS'>>;

/**
 * Verifies department tokens: HS256 with AUTH_JWT_SECRET, or the identity provider's key set when
 * AUTH_JWKS_URL is set (architecture.md, Security). Every token must expire (`exp`), and may be
 * valid for at most AUTH_TOKEN_MAX_LIFETIME_SECONDS, so that a leaked token stops working soon; its
 * `sub` must be a unified social credit code with a correct check character, since that code is
 * what every "own unit only" rule compares; `iss` and `aud` must be present and match when
 * AUTH_JWT_ISSUER / AUTH_JWT_AUDIENCE are configured.
 * A department system sends the same token with every request until it expires: a successful
 * verification is kept (keyed by the exact token, bounded, least recently used dropped) and reused
 * until the token's `exp` (never beyond it, tolerance aside) or maxAgeMs, whichever comes first.
 * Refusals are never kept.
 */
export class TokenVerifier {
  private readonly key: Uint8Array | JWTVerifyGetKey;
  private readonly options: JWTVerifyOptions;
  private readonly cache = new Map<string, CachedPrincipal>();
  private readonly maxEntries: number;
  private readonly maxAgeMs: number;
  private readonly now: () => number;
  private readonly maxLifetimeSeconds: number;

  constructor(config: TokenVerifierConfig, cache: TokenCacheOptions = {}) {
    this.maxEntries = cache.maxEntries ?? 10_000;
    this.maxAgeMs = cache.maxAgeMs ?? 60_000;
    this.now = cache.now ?? Date.now;
    this.maxLifetimeSeconds = config.AUTH_TOKEN_MAX_LIFETIME_SECONDS ?? DEFAULT_MAX_LIFETIME_SECONDS;
    const common: JWTVerifyOptions = {
      clockTolerance: CLOCK_TOLERANCE_SECONDS,
      // jose also requires `iss` / `aud` to be present when an issuer / audience is given below.
      requiredClaims: ['exp'],
      ...(config.AUTH_JWT_ISSUER ? { issuer: config.AUTH_JWT_ISSUER } : {}),
      ...(config.AUTH_JWT_AUDIENCE ? { audience: config.AUTH_JWT_AUDIENCE } : {}),
    };
    if (config.AUTH_JWKS_URL) {
      this.key = createRemoteJWKSet(new URL(config.AUTH_JWKS_URL), { timeoutDuration: 5000, cooldownDuration: 30_000 });
      this.options = { ...common, algorithms: JWKS_ALGORITHMS };
    } else if (config.AUTH_JWT_SECRET) {
      this.key = new TextEncoder().encode(config.AUTH_JWT_SECRET);
      this.options = { ...common, algorithms: ['HS256'] };
    } else {
      throw new Error('AUTH_JWT_SECRET or AUTH_JWKS_URL must be configured');
    }
  }

  async verify(token: string): Promise<Principal> {
    const cached = this.verified(token);
    if (cached !== undefined) return cached;
    const now = this.now();
    let payload: JWTPayload;
    try {
      const options: JWTVerifyOptions = { ...this.options, currentDate: new Date(now) };
      // Two calls only because jose's overloads take either a key or a key resolver, not the union.
      payload = (typeof this.key === 'function' ? await jwtVerify(token, this.key, options) : await jwtVerify(token, this.key, options)).payload;
    } catch (error) {
      throw new InvalidTokenError(describeJoseError(error));
    }
    checkLifetime(payload, Math.floor(now / 1000), this.maxLifetimeSeconds);
    const principal = principalOf(payload);
    const until = Math.min(now + this.maxAgeMs, (payload.exp as number) * 1000);
    if (this.maxEntries > 0 && until > now) {
      if (this.cache.size >= this.maxEntries) this.cache.delete(this.cache.keys().next().value as string);
      this.cache.set(token, { principal, until });
    }
    return copyOf(principal);
  }

  /**
   * The principal of a token verified before and still reusable (see above), at once; undefined
   * when it must be verified (`verify`). The guard's path for the many requests of a department.
   */
  verified(token: string): Principal | undefined {
    const cached = this.cache.get(token);
    if (cached === undefined) return undefined;
    this.cache.delete(token);
    if (this.now() >= cached.until) return undefined;
    this.cache.set(token, cached);
    return copyOf(cached.principal);
  }
}

/** Each request gets its own principal: one handler changing it cannot change another's. */
const copyOf = (principal: Principal): Principal => ({ ...principal, roles: [...principal.roles] });

/**
 * jose has checked that `exp` is a number in the future and `iat`, when present, a number. The
 * lifetime counts from `iat` (from now without it); an `iat` in the future would let a token
 * claim a short lifetime while being usable for much longer, so it is refused as well.
 */
function checkLifetime(payload: JWTPayload, nowSeconds: number, maxSeconds: number): void {
  const exp = payload.exp as number;
  const iat = payload.iat;
  if (iat !== undefined && iat > nowSeconds + CLOCK_TOLERANCE_SECONDS) {
    throw new InvalidTokenError('the token is issued in the future (iat claim)');
  }
  const lifetime = exp - (iat ?? nowSeconds);
  if (lifetime > maxSeconds) {
    throw new InvalidTokenError(
      `the token is valid for ${lifetime} seconds, longer than the ${maxSeconds} seconds a token may be valid ` +
        '(maximum token lifetime); ask the identity provider for a shorter-lived token',
    );
  }
}

function principalOf(payload: JWTPayload): Principal {
  const { sub, name, roles } = payload as JWTPayload & { name?: unknown; roles?: unknown };
  if (typeof sub !== 'string' || sub.trim() === '') throw new InvalidTokenError('the token has no department code (sub claim)');
  const code = validateUscc(sub);
  if (!code.valid) {
    // Reasons only: the claim itself is not repeated back to the caller.
    const reasons = [...new Set(code.errors.map((error) => error.reason))].join(', ');
    throw new InvalidTokenError(`the token's department code (sub claim) is not a valid unified social credit code (${reasons})`);
  }
  if (roles !== undefined && !Array.isArray(roles)) throw new InvalidTokenError('the roles claim must be a list');
  const known = [...new Set((roles ?? []).filter(isRole))];
  // `service` is the platform's own service-to-service role, `institution` a financial institution's:
  // a token that carries either with another role is not one the platform issued, and is refused whole.
  for (const sole of SOLE_ROLES) {
    if (known.includes(sole) && known.length > 1) throw new InvalidTokenError(`the ${sole} role is carried alone, never with department roles`);
  }
  return {
    departmentCode: code.normalized,
    name: typeof name === 'string' ? name : code.normalized,
    roles: known,
  };
}

const MISSING_CLAIM: Record<string, string> = {
  exp: 'the token has no expiry (exp claim)',
  iss: 'the token has no issuer (iss claim), which this service requires',
  aud: 'the token has no audience (aud claim), which this service requires',
};

function describeJoseError(error: unknown): string {
  if (error instanceof joseErrors.JWTExpired) return 'the token has expired';
  if (error instanceof joseErrors.JWTClaimValidationFailed) {
    if (error.reason === 'missing') return MISSING_CLAIM[error.claim] ?? `the token has no ${error.claim} claim`;
    if (error.reason === 'invalid') return `the token's ${error.claim} claim is malformed`;
    return `the token's ${error.claim} claim is not accepted`;
  }
  if (error instanceof joseErrors.JWSSignatureVerificationFailed) return 'the token signature is invalid';
  if (error instanceof joseErrors.JOSEAlgNotAllowed) return 'the token is signed with an algorithm that is not accepted';
  if (error instanceof joseErrors.JWKSNoMatchingKey) return 'the token is signed with an unknown key';
  if (error instanceof joseErrors.JWKSTimeout || error instanceof joseErrors.JOSEError && error.code === 'ERR_JWKS_INVALID') {
    return 'the signing keys could not be fetched';
  }
  return 'the token is malformed or invalid';
}
