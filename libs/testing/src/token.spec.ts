import { decodeProtectedHeader, jwtVerify } from 'jose';
import { devEnv } from './repo';
import { CONTRACT_ROLES, devJwtSecret, mintToken } from './token';

const key = (secret: string) => new TextEncoder().encode(secret);
const DEPARTMENT = '11450100007712342F';

describe('mintToken', () => {
  const saved = process.env.AUTH_JWT_SECRET;
  afterEach(() => {
    if (saved === undefined) delete process.env.AUTH_JWT_SECRET;
    else process.env.AUTH_JWT_SECRET = saved;
  });

  it('signs the contract claims with HS256 and the local dev secret by default', async () => {
    delete process.env.AUTH_JWT_SECRET;
    const token = await mintToken({ sub: DEPARTMENT, name: '南宁市市场监督管理局', roles: ['submitter', 'reader'] });
    expect(decodeProtectedHeader(token)).toMatchObject({ alg: 'HS256', typ: 'JWT' });
    const { payload } = await jwtVerify(token, key(devEnv().AUTH_JWT_SECRET), { algorithms: ['HS256'] });
    expect(payload).toMatchObject({ sub: DEPARTMENT, name: '南宁市市场监督管理局', roles: ['submitter', 'reader'] });
    expect(payload.exp! - payload.iat!).toBe(3600);
  });

  it('prefers AUTH_JWT_SECRET from the environment over the dev file', async () => {
    process.env.AUTH_JWT_SECRET = 'a-secret-set-by-the-environment-of-32+chars';
    expect(devJwtSecret()).toBe('a-secret-set-by-the-environment-of-32+chars');
    const token = await mintToken({ sub: DEPARTMENT, roles: ['ops'] });
    await expect(jwtVerify(token, key(process.env.AUTH_JWT_SECRET))).resolves.toBeDefined();
    await expect(jwtVerify(token, key(devEnv().AUTH_JWT_SECRET))).rejects.toThrow(/signature/);
  });

  it('uses an explicit secret and lifetime', async () => {
    const token = await mintToken({ sub: DEPARTMENT, roles: ['admin'], secret: 'explicit-secret-explicit-secret-123', expiresIn: '8h' });
    const { payload } = await jwtVerify(token, key('explicit-secret-explicit-secret-123'));
    expect(payload.exp! - payload.iat!).toBe(8 * 3600);
    expect(payload.name).toBeUndefined();
  });

  it('mints an already expired token from a negative lifetime, which verification refuses', async () => {
    const token = await mintToken({ sub: DEPARTMENT, roles: ['reader'], expiresIn: -60 });
    await expect(jwtVerify(token, key(devJwtSecret()))).rejects.toThrow(/exp/);
  });

  it('gives every token an iat and an exp within the 24 hours the services accept, unless told otherwise', async () => {
    const before = Math.floor(Date.now() / 1000);
    const { payload } = await jwtVerify(await mintToken({ sub: DEPARTMENT, roles: ['reader'] }), key(devJwtSecret()));
    expect(payload.iat).toBeGreaterThanOrEqual(before);
    expect(payload.iat).toBeLessThanOrEqual(Math.floor(Date.now() / 1000));
    expect(payload.exp! - payload.iat!).toBeLessThanOrEqual(86_400);
    const seconds = await jwtVerify(await mintToken({ sub: DEPARTMENT, roles: ['reader'], expiresIn: 600 }), key(devJwtSecret()));
    expect(seconds.payload.exp! - seconds.payload.iat!).toBe(600);
  });

  it('mints a token without exp when asked to, for tests of its refusal', async () => {
    const { payload } = await jwtVerify(await mintToken({ sub: DEPARTMENT, roles: ['reader'], expiresIn: null }), key(devJwtSecret()));
    expect(payload).not.toHaveProperty('exp');
    expect(payload.iat).toEqual(expect.any(Number));
  });

  it('knows the five roles of the contract', () => {
    expect([...CONTRACT_ROLES].sort()).toEqual(['admin', 'ops', 'reader', 'reviewer', 'submitter']);
  });
});
