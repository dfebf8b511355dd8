import { exportJWK, generateKeyPair, SignJWT, type KeyLike } from 'jose';
import { createServer, type Server } from 'node:http';
import { InvalidTokenError, TokenVerifier } from './token-verifier';

const SECRET = 'shared-secret-of-the-identity-provider-32';

const hs256 = (claims: Record<string, unknown>, secret = SECRET, sub = '11450100MB0000000X') =>
  new SignJWT(claims)
    .setProtectedHeader({ alg: 'HS256' })
    .setSubject(sub)
    .setExpirationTime('5m')
    .sign(new TextEncoder().encode(secret));

describe('department tokens', () => {
  describe('with the shared secret (HS256)', () => {
    const verifier = new TokenVerifier({ AUTH_JWT_SECRET: SECRET });

    it('yields the department, its name and its known roles', async () => {
      const principal = await verifier.verify(await hs256({ name: '税务局', roles: ['submitter', 'reader', 'god'] }));
      expect(principal).toEqual({ departmentCode: '11450100MB0000000X', name: '税务局', roles: ['submitter', 'reader'] });
    });

    it('refuses a token without a department, with malformed roles, or signed with another key', async () => {
      await expect(verifier.verify(await hs256({ roles: [] }, SECRET, ''))).rejects.toThrow(InvalidTokenError);
      await expect(verifier.verify(await hs256({ roles: 'admin' }))).rejects.toThrow('roles claim');
      await expect(verifier.verify(await hs256({ roles: ['admin'] }, 'x'.repeat(40)))).rejects.toThrow('signature');
    });

    it('refuses an unsigned token', async () => {
      const header = Buffer.from(JSON.stringify({ alg: 'none' })).toString('base64url');
      const payload = Buffer.from(JSON.stringify({ sub: 'x', roles: ['admin'] })).toString('base64url');
      await expect(verifier.verify(`${header}.${payload}.`)).rejects.toThrow(InvalidTokenError);
    });
  });

  describe('reusing verifications', () => {
    const tokenUntil = (exp: number, roles: string[] = ['reader']) =>
      new SignJWT({ name: '采购中心', roles })
        .setProtectedHeader({ alg: 'HS256' })
        .setSubject('12450100MB1111111Y')
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
      for (const token of [...tokens, ...tokens]) expect((await verifier.verify(token)).departmentCode).toBe('12450100MB1111111Y');
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
        .setSubject('11450100MB2222222Z')
        .setIssuer('https://idp.example')
        .setExpirationTime('5m')
        .sign(privateKey);
      expect(await verifier.verify(token)).toEqual({ departmentCode: '11450100MB2222222Z', name: '法院', roles: ['reviewer'] });
      await expect(verifier.verify(await hs256({ roles: ['admin'] }))).rejects.toThrow('algorithm');
    });

    it('checks the issuer when one is configured', async () => {
      const verifier = new TokenVerifier({ AUTH_JWKS_URL: url, AUTH_JWT_ISSUER: 'https://idp.example' });
      const token = await new SignJWT({ roles: ['reviewer'] })
        .setProtectedHeader({ alg: 'ES256', kid: 'idp-1' })
        .setSubject('11450100MB2222222Z')
        .setIssuer('https://elsewhere.example')
        .setExpirationTime('5m')
        .sign(privateKey);
      await expect(verifier.verify(token)).rejects.toThrow('iss');
    });
  });
});
