import { decodeJwt } from 'jose';
import { ServiceTokenSource, SERVICE_TOKEN_LIFETIME_SECONDS } from './service-token';

describe('service tokens', () => {
  it('carry the service role alone, expire within minutes, and are renewed before they lapse', async () => {
    let now = Date.parse('2026-12-07T08:00:00Z');
    const source = new ServiceTokenSource({ secret: 'a-secret-of-at-least-thirty-two-characters', unitCode: '11450100007712342F', serviceName: 'double-publicity', now: () => now });
    const first = await source.token();
    const claims = decodeJwt(first);
    expect(claims).toMatchObject({ sub: '11450100007712342F', name: 'double-publicity', roles: ['service'] });
    expect((claims.exp as number) - (claims.iat as number)).toBe(SERVICE_TOKEN_LIFETIME_SECONDS);
    now += 60_000;
    expect(await source.token()).toBe(first);
    now += (SERVICE_TOKEN_LIFETIME_SECONDS - 60) * 1000;
    const renewed = await source.token();
    expect(renewed).not.toBe(first);
    expect(decodeJwt(renewed).exp as number).toBeGreaterThan(claims.exp as number);
  });
});
