import { ForbiddenProblem } from '../errors/problems';
import { assertSourceUnit, type Principal } from './principal';

const department = (roles: Principal['roles']): Principal => ({ departmentCode: '11450100MB0000000X', name: '市场监督管理局', roles });

describe('a department writes only its own records', () => {
  it('lets the source unit write, whatever the case of the code', () => {
    expect(() => assertSourceUnit(department(['submitter']), '11450100mb0000000x')).not.toThrow();
  });

  it('refuses another unit with 403', () => {
    const attempt = () => assertSourceUnit(department(['submitter']), '11450100MB1111111Y');
    expect(attempt).toThrow(ForbiddenProblem);
    try {
      attempt();
    } catch (error) {
      expect((error as ForbiddenProblem).getStatus()).toBe(403);
      expect((error as ForbiddenProblem).problem.detail).toContain('11450100MB1111111Y');
    }
  });

  it('lets administrators act for any unit', () => {
    expect(() => assertSourceUnit(department(['admin']), '11450100MB1111111Y')).not.toThrow();
  });
});
