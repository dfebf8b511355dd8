import { SignJWT } from 'jose';

/** How long a minted service token is valid: a leaked one is soon worthless. */
export const SERVICE_TOKEN_LIFETIME_SECONDS = 300;
/** A cached token is replaced this long before it expires, so that no call carries one about to lapse. */
const RENEW_BEFORE_SECONDS = 60;

export interface ServiceTokenSettings {
  /** The HS256 key the platform's services verify tokens with (AUTH_JWT_SECRET). */
  secret: string;
  /** The unit the calling service acts for (a USCC: the platform operator's), the token's `sub`. */
  unitCode: string;
  /** The calling service, the token's `name` (what the callee's audit records). */
  serviceName: string;
  issuer?: string;
  audience?: string;
  now?: () => number;
}

/**
 * Tokens for calls between the platform's services (today: double-publicity's hand-off to
 * subject-registry's vault). They carry the role `service` and nothing else, which no department
 * token may carry, live {@link SERVICE_TOKEN_LIFETIME_SECONDS} and are renewed before they lapse.
 */
export class ServiceTokenSource {
  private cached: { token: string; renewAt: number } | undefined;
  private readonly now: () => number;

  constructor(private readonly settings: ServiceTokenSettings) {
    this.now = settings.now ?? Date.now;
  }

  async token(): Promise<string> {
    const nowSeconds = Math.floor(this.now() / 1000);
    if (this.cached && nowSeconds < this.cached.renewAt) return this.cached.token;
    const { secret, unitCode, serviceName, issuer, audience } = this.settings;
    const jwt = new SignJWT({ name: serviceName, roles: ['service'] })
      .setProtectedHeader({ alg: 'HS256', typ: 'JWT' })
      .setSubject(unitCode)
      .setIssuedAt(nowSeconds)
      .setExpirationTime(nowSeconds + SERVICE_TOKEN_LIFETIME_SECONDS);
    if (issuer) jwt.setIssuer(issuer);
    if (audience) jwt.setAudience(audience);
    const token = await jwt.sign(new TextEncoder().encode(secret));
    this.cached = { token, renewAt: nowSeconds + SERVICE_TOKEN_LIFETIME_SECONDS - RENEW_BEFORE_SECONDS };
    return token;
  }
}
