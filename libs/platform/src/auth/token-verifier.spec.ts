import { exportJWK, generateKeyPair, SignJWT, type KeyLike } from 'jose';
import { createServer, type Server } from 'node:http';
import { InvalidTokenError, TokenVerifier } from './token-verifier';

const SECRET = 'shared-secret-of-the-identity-provider-32';
/** Valid unified social credit codes (both check characters right). */
const MARKET_REGULATION = '11450100007712342F';
const PROCUREMENT_CENTRE = '11450100007712350A';
const COURT = '114501000077123697';

const hs256 = (claims: Record<string, unknown>, secret = SECRET, sub = MARKET_REGULATION) =>
  new SignJWT(claims)
    .setProtectedHeader({ alg: 'HS256' })
    .setSubject(sub)
    .setExpirationTime('5m')
    .sign(new TextEncoder().encode(secret));

/** A token with exactly the given registered claims (undefined ones left out). */
const withClaims = (claims: { sub?: string; iat?: number; exp?: number; iss?: string; aud?: string }, secret = SECRET) => {
  const jwt = new SignJWT({ roles: ['reader'] }).setProtectedHeader({ alg: 'HS256' }).setSubject(claims.sub ?? MARKET_REGULATION);
  if (claims.iat !== undefined) jwt.setIssuedAt(claims.iat);
  if (claims.exp !== undefined) jwt.setExpirationTime(claims.exp);
  if (claims.iss !== undefined) jwt.setIssuer(claims.iss);
  if (claims.aud !== undefined) jwt.setAudience(claims.aud);
  return jwt.sign(new TextEncoder().encode(secret));
};

const nowSeconds = () => Math.floor(Date.now() / 1000);

/** The refusal's message (the text that goes into the 401 problem). */
async function refusalOf(verifier: TokenVerifier, token: string): Promise<string> {
  try {
    await verifier.verify(token);
  } catch (error) {
    expect(error).toBeInstanceOf(InvalidTokenError);
    return (error as Error).message;
  }
  throw new Error('the token was accepted');
}

describe('department tokens', () => {
  describe('with the shared secret (HS256)', () => {
    const verifier = new TokenVerifier({ AUTH_JWT_SECRET: SECRET });

    it('yields the department, its name and its known roles', async () => {
      const principal = await verifier.verify(await hs256({ name: '税务局', roles: ['submitter', 'reader', 'god'] }));
      expect(principal).toEqual({ departmentCode: MARKET_REGULATION, name: '税务局', roles: ['submitter', 'reader'] });
    });

    it('refuses a token without a department, with malformed roles, or signed with another key', async () => {
      await expect(verifier.verify(await hs256({ roles: [] }, SECRET, ''))).rejects.toThrow(InvalidTokenError);
      await expect(verifier.verify(await hs256({ roles: 'admin' }))).rejects.toThrow('roles claim');
      await expect(verifier.verify(await hs256({ roles: ['admin'] }, 'x'.repeat(40)))).rejects.toThrow('signature');
    });

    it('takes the service role alone, and refuses a token that carries it with department roles', async () => {
      expect((await verifier.verify(await hs256({ name: 'double-publicity', roles: ['service'] }))).roles).toEqual(['service']);
      expect(await refusalOf(verifier, await hs256({ roles: ['submitter', 'service'] }))).toBe('the service role is carried alone, never with department roles');
    });

    it('refuses an unsigned token', async () => {
      const header = Buffer.from(JSON.stringify({ alg: 'none' })).toString('base64url');
      const payload = Buffer.from(JSON.stringify({ sub: 'x', roles: ['admin'] })).toString('base64url');
      await expect(verifier.verify(`${header}.${payload}.`)).rejects.toThrow(InvalidTokenError);
    });
  });

  describe('expiry and lifetime', () => {
    const verifier = new TokenVerifier({ AUTH_JWT_SECRET: SECRET });

    it('refuses a token without an expiry', async () => {
      expect(await refusalOf(verifier, await withClaims({ iat: nowSeconds() }))).toBe('the token has no expiry (exp claim)');
    });

    it('accepts a token valid for 24 hours by default, and refuses one valid for longer, naming the rule', async () => {
      const iat = nowSeconds();
      expect((await verifier.verify(await withClaims({ iat, exp: iat + 86_400 }))).departmentCode).toBe(MARKET_REGULATION);
      const message = await refusalOf(verifier, await withClaims({ iat, exp: iat + 86_401 }));
      expect(message).toContain('valid for 86401 seconds');
      expect(message).toContain('86400 seconds');
      expect(message).toContain('maximum token lifetime');
    });

    it('counts the lifetime from now when the token has no iat', async () => {
      expect((await verifier.verify(await withClaims({ exp: nowSeconds() + 3600 }))).roles).toEqual(['reader']);
      expect(await refusalOf(verifier, await withClaims({ exp: nowSeconds() + 7 * 86_400 }))).toContain('maximum token lifetime');
    });

    it('refuses a token issued in the future, which would otherwise hide a long validity behind a short lifetime', async () => {
      const iat = nowSeconds() + 30 * 86_400;
      expect(await refusalOf(verifier, await withClaims({ iat, exp: iat + 3600 }))).toBe('the token is issued in the future (iat claim)');
    });

    it('takes the maximum from AUTH_TOKEN_MAX_LIFETIME_SECONDS', async () => {
      const strict = new TokenVerifier({ AUTH_JWT_SECRET: SECRET, AUTH_TOKEN_MAX_LIFETIME_SECONDS: 600 });
      const iat = nowSeconds();
      expect((await strict.verify(await withClaims({ iat, exp: iat + 600 }))).departmentCode).toBe(MARKET_REGULATION);
      expect(await refusalOf(strict, await withClaims({ iat, exp: iat + 900 }))).toContain('longer than the 600 seconds');
    });

    it('refuses a token whose exp is not a number', async () => {
      const token = await new SignJWT({ roles: ['reader'], exp: 'tomorrow' })
        .setProtectedHeader({ alg: 'HS256' })
        .setSubject(MARKET_REGULATION)
        .sign(new TextEncoder().encode(SECRET));
      expect(await refusalOf(verifier, token)).toBe("the token's exp claim is malformed");
    });
  });

  describe('issuer and audience, when configured', () => {
    const verifier = new TokenVerifier({ AUTH_JWT_SECRET: SECRET, AUTH_JWT_ISSUER: 'https://idp.example', AUTH_JWT_AUDIENCE: 'credit-platform' });
    const exp = () => nowSeconds() + 300;

    it('accepts a token with the configured issuer and audience', async () => {
      const token = await withClaims({ exp: exp(), iss: 'https://idp.example', aud: 'credit-platform' });
      expect((await verifier.verify(token)).departmentCode).toBe(MARKET_REGULATION);
    });

    it('refuses a token without an issuer, and one from another issuer', async () => {
      expect(await refusalOf(verifier, await withClaims({ exp: exp(), aud: 'credit-platform' }))).toBe(
        'the token has no issuer (iss claim), which this service requires',
      );
      expect(await refusalOf(verifier, await withClaims({ exp: exp(), iss: 'https://elsewhere.example', aud: 'credit-platform' }))).toBe(
        "the token's iss claim is not accepted",
      );
    });

    it('refuses a token without an audience, and one for another audience', async () => {
      expect(await refusalOf(verifier, await withClaims({ exp: exp(), iss: 'https://idp.example' }))).toBe(
        'the token has no audience (aud claim), which this service requires',
      );
      expect(await refusalOf(verifier, await withClaims({ exp: exp(), iss: 'https://idp.example', aud: 'another-system' }))).toBe(
        "the token's aud claim is not accepted",
      );
    });

    it('checks neither claim when neither is configured', async () => {
      const open = new TokenVerifier({ AUTH_JWT_SECRET: SECRET });
      expect((await open.verify(await withClaims({ exp: exp() }))).departmentCode).toBe(MARKET_REGULATION);
    });
  });

  describe('the department code (sub claim)', () => {
    const verifier = new TokenVerifier({ AUTH_JWT_SECRET: SECRET });
    const exp = () => nowSeconds() + 300;

    it.each([
      ['a wrong check character', '11450100MB0000000X', 'check-character'],
      ['a wrong organisation code check', '11450100MB1111111Y', 'organisation-code-check'],
      ['characters outside the code alphabet', '11450100MB2222222Z', 'charset'],
      ['the wrong length', '1145010000771234', 'length'],
      ['the placeholder of businesses without a code', '00000000000000000X', 'placeholder'],
      ['a citizen ID number', '450102199003071238', 'check-character'],
    ])('refuses %s without repeating the claim', async (_case, sub, reason) => {
      const token = await withClaims({ sub, exp: exp() });
      const message = await refusalOf(verifier, token);
      expect(message).toMatch(/^the token's department code \(sub claim\) is not a valid unified social credit code \(.+\)$/);
      expect(message).toContain(reason);
      expect(message).not.toContain(sub);
      expect(message).not.toContain(token);
    });

    it('accepts a valid code written in lower case and hands it on upper-cased, as codes are compared', async () => {
      const principal = await verifier.verify(await withClaims({ sub: ` ${MARKET_REGULATION.toLowerCase()} `, exp: exp() }));
      expect(principal.departmentCode).toBe(MARKET_REGULATION);
    });
  });

  describe('reusing verifications', () => {
    const tokenUntil = (exp: number, roles: string[] = ['reader']) =>
      new SignJWT({ name: '采购中心', roles })
        .setProtectedHeader({ alg: 'HS256' })
        .setSubject(PROCUREMENT_CENTRE)
        .setExpirationTime(exp)
        .sign(new TextEncoder().encode(SECRET));

    it('refuses a token once it has expired, even after verifying it before', async () => {
      let now = Date.now();
      const verifier = new TokenVerifier({ AUTH_JWT_SECRET: SECRET }, { now: () => now });
      // Well within the cache's own 60 s limit: only honouring exp refuses it below.
      const exp = Math.floor(now / 1000) + 20;
      const token = await tokenUntil(exp);
      expect((await verifier.verify(token)).roles).toEqual(['reader']);
      expect((await verifier.verify(token)).roles).toEqual(['reader']);
      now = exp * 1000 + 31_000;
      await expect(verifier.verify(token)).rejects.toThrow('expired');
    });

    it('keeps refusing a bad token, and a cached principal cannot be changed by its holder', async () => {
      const verifier = new TokenVerifier({ AUTH_JWT_SECRET: SECRET }, { maxEntries: 2 });
      const forged = await hs256({ roles: ['admin'] }, 'y'.repeat(40));
      await expect(verifier.verify(forged)).rejects.toThrow('signature');
      await expect(verifier.verify(forged)).rejects.toThrow('signature');
      const tokens = await Promise.all([1, 2, 3].map((n) => tokenUntil(Math.floor(Date.now() / 1000) + 300 + n)));
      for (const token of [...tokens, ...tokens]) expect((await verifier.verify(token)).departmentCode).toBe(PROCUREMENT_CENTRE);
      const first = await verifier.verify(tokens[2]);
      first.roles.push('admin');
      expect((await verifier.verify(tokens[2])).roles).toEqual(['reader']);
    });
  });

  describe('with the identity provider key set (JWKS)', () => {
    let server: Server;
    let url: string;
    let privateKey: KeyLike;

    beforeAll(async () => {
      const pair = await generateKeyPair('ES256');
      privateKey = pair.privateKey;
      const jwk = { ...(await exportJWK(pair.publicKey)), kid: 'idp-1', alg: 'ES256', use: 'sig' };
      server = createServer((_req, res) => {
        res.setHeader('Content-Type', 'application/json');
        res.end(JSON.stringify({ keys: [jwk] }));
      });
      await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
      url = `http://127.0.0.1:${(server.address() as { port: number }).port}/jwks.json`;
    });

    afterAll(async () => {
      await new Promise((resolve) => server.close(resolve));
    });

    it('accepts a token signed by the provider and refuses one signed with the shared secret', async () => {
      const verifier = new TokenVerifier({ AUTH_JWKS_URL: url, AUTH_JWT_SECRET: SECRET, AUTH_JWT_ISSUER: 'https://idp.example' });
      const token = await new SignJWT({ name: '法院', roles: ['reviewer'] })
        .setProtectedHeader({ alg: 'ES256', kid: 'idp-1' })
        .setSubject(COURT)
        .setIssuer('https://idp.example')
        .setExpirationTime('5m')
        .sign(privateKey);
      expect(await verifier.verify(token)).toEqual({ departmentCode: COURT, name: '法院', roles: ['reviewer'] });
      await expect(verifier.verify(await hs256({ roles: ['admin'] }))).rejects.toThrow('algorithm');
    });

    it('checks the issuer when one is configured', async () => {
      const verifier = new TokenVerifier({ AUTH_JWKS_URL: url, AUTH_JWT_ISSUER: 'https://idp.example' });
      const token = await new SignJWT({ roles: ['reviewer'] })
        .setProtectedHeader({ alg: 'ES256', kid: 'idp-1' })
        .setSubject(COURT)
        .setIssuer('https://elsewhere.example')
        .setExpirationTime('5m')
        .sign(privateKey);
      await expect(verifier.verify(token)).rejects.toThrow('iss');
    });
  });
});
