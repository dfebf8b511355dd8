import { createRemoteJWKSet, errors as joseErrors, jwtVerify, type JWTPayload, type JWTVerifyGetKey, type JWTVerifyOptions } from 'jose';
import type { PlatformConfig } from '../config/platform-config';
import { isRole, type Principal } from './principal';

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

/**
 * Verifies department tokens: HS256 with AUTH_JWT_SECRET, or the identity provider's key set when
 * AUTH_JWKS_URL is set (architecture.md, Security). Expiry is enforced when `exp` is present.
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

  constructor(
    config: Pick<PlatformConfig, 'AUTH_JWT_SECRET' | 'AUTH_JWKS_URL' | 'AUTH_JWT_ISSUER' | 'AUTH_JWT_AUDIENCE'>,
    cache: TokenCacheOptions = {},
  ) {
    this.maxEntries = cache.maxEntries ?? 10_000;
    this.maxAgeMs = cache.maxAgeMs ?? 60_000;
    this.now = cache.now ?? Date.now;
    const common: JWTVerifyOptions = {
      clockTolerance: 30,
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
    const now = this.now();
    const cached = this.cache.get(token);
    if (cached !== undefined) {
      this.cache.delete(token);
      if (now < cached.until) {
        this.cache.set(token, cached);
        return copyOf(cached.principal);
      }
    }
    let payload: JWTPayload;
    try {
      const options: JWTVerifyOptions = { ...this.options, currentDate: new Date(now) };
      // Two calls only because jose's overloads take either a key or a key resolver, not the union.
      payload = (typeof this.key === 'function' ? await jwtVerify(token, this.key, options) : await jwtVerify(token, this.key, options)).payload;
    } catch (error) {
      throw new InvalidTokenError(describeJoseError(error));
    }
    const principal = principalOf(payload);
    const until = Math.min(now + this.maxAgeMs, typeof payload.exp === 'number' ? payload.exp * 1000 : Infinity);
    if (this.maxEntries > 0 && until > now) {
      if (this.cache.size >= this.maxEntries) this.cache.delete(this.cache.keys().next().value as string);
      this.cache.set(token, { principal, until });
    }
    return copyOf(principal);
  }
}

/** Each request gets its own principal: one handler changing it cannot change another's. */
const copyOf = (principal: Principal): Principal => ({ ...principal, roles: [...principal.roles] });

function principalOf(payload: JWTPayload): Principal {
  const { sub, name, roles } = payload as JWTPayload & { name?: unknown; roles?: unknown };
  if (typeof sub !== 'string' || sub.trim() === '') throw new InvalidTokenError('the token has no department code (sub claim)');
  if (roles !== undefined && !Array.isArray(roles)) throw new InvalidTokenError('the roles claim must be a list');
  return {
    departmentCode: sub.trim(),
    name: typeof name === 'string' ? name : sub.trim(),
    roles: [...new Set((roles ?? []).filter(isRole))],
  };
}

function describeJoseError(error: unknown): string {
  if (error instanceof joseErrors.JWTExpired) return 'the token has expired';
  if (error instanceof joseErrors.JWTClaimValidationFailed) return `the token's ${error.claim} claim is not accepted`;
  if (error instanceof joseErrors.JWSSignatureVerificationFailed) return 'the token signature is invalid';
  if (error instanceof joseErrors.JOSEAlgNotAllowed) return 'the token is signed with an algorithm that is not accepted';
  if (error instanceof joseErrors.JWKSNoMatchingKey) return 'the token is signed with an unknown key';
  if (error instanceof joseErrors.JWKSTimeout || error instanceof joseErrors.JOSEError && error.code === 'ERR_JWKS_INVALID') {
    return 'the signing keys could not be fetched';
  }
  return 'the token is malformed or invalid';
}
