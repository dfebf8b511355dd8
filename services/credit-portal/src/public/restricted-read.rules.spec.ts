import type { Principal, Role } from '@credit/platform';
import { asOfReadRefusal } from './restricted-read.rules';

const department = (...roles: Role[]): Principal => ({ departmentCode: '11450100007712342F', name: '信用办', roles });

describe('who sees the website as it was (asOf)', () => {
  it('refuses the anonymous public with 401, saying that the present needs no token', () => {
    const refusal = asOfReadRefusal(undefined);
    expect(refusal?.status).toBe(401);
    expect(refusal?.reason).toContain('Without asOf');
  });

  it('refuses a department without reader, ops or admin with 403', () => {
    expect(asOfReadRefusal(department())?.status).toBe(403);
    expect(asOfReadRefusal(department('submitter', 'reviewer'))?.status).toBe(403);
  });

  it.each<Role>(['reader', 'ops', 'admin'])('lets a department with %s read it', (role) => {
    expect(asOfReadRefusal(department('submitter', role))).toBeNull();
  });
});
