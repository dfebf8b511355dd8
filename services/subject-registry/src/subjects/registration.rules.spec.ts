import { maskIdNumber, USCC_PLACEHOLDER } from '@credit/domain-kernel';
import { subjectIdentity } from '@credit/credit-rules';
import { checkRegistration } from './registration.rules';
import type { RegisterSubjectDto } from './subject.dto';

const settings = { subjectIdentity: subjectIdentity({ secret: 'a-secret-of-at-least-thirty-two-characters' }) };
const dto = (over: Partial<RegisterSubjectDto>): RegisterSubjectDto => ({ code: '91450100MA5K12347C', name: '示例公司', kind: 'LEGAL_PERSON', ...over }) as RegisterSubjectDto;

describe('registration rules', () => {
  it('keys an organisation by its normalised USCC', () => {
    const checked = checkRegistration(dto({ code: ' 91450100ma5k12347c ' }), settings);
    expect(checked).toMatchObject({ ok: true, subjectKey: '91450100MA5K12347C', clearIdNumber: null, event: { code: '91450100MA5K12347C' } });
  });

  it('keys a natural person by HMAC and keeps the clear number out of the event', () => {
    const checked = checkRegistration(dto({ code: '450102199003071238', kind: 'NATURAL_PERSON', name: '张三' }), settings);
    if (!checked.ok) throw new Error('expected valid');
    expect(checked.subjectKey).toMatch(/^NP-/);
    expect(checked.clearIdNumber).toBe('450102199003071238');
    expect(JSON.stringify(checked.event)).not.toContain('450102199003071238');
    expect(checked.event).toMatchObject({ code: null, maskedCode: maskIdNumber('450102199003071238') });
  });

  it('refuses a wrong check character and reports the masked code as the 错码 finding', () => {
    const person = checkRegistration(dto({ code: '450102199003071239', kind: 'NATURAL_PERSON' }), settings);
    expect(person).toMatchObject({ ok: false, invalidCode: '450102********1239', errors: [expect.objectContaining({ field: 'code' })] });
    const org = checkRegistration(dto({ code: '91450100MA5K12347D' }), settings);
    expect(org).toMatchObject({ ok: false, invalidCode: '91450100MA5K12347D', errors: [expect.objectContaining({ field: 'code' })] });
  });

  it('accepts an allow-listed pilot code that fails the mod-31 check', () => {
    const allowList = new Set(['91450100MA5K12347D']);
    expect(checkRegistration(dto({ code: '91450100MA5K12347D' }), { subjectIdentity: subjectIdentity({ secret: 'a-secret-of-at-least-thirty-two-characters', allowList }) })).toMatchObject({ ok: true });
  });

  it('requires the registration number of an individual business registered under the placeholder code', () => {
    const missing = checkRegistration(dto({ code: USCC_PLACEHOLDER, kind: 'INDIVIDUAL_BUSINESS' }), settings);
    expect(missing).toMatchObject({ ok: false, errors: [expect.objectContaining({ field: 'legacyCodes' })] });
    const keyed = checkRegistration(
      dto({ code: USCC_PLACEHOLDER, kind: 'INDIVIDUAL_BUSINESS', legacyCodes: [{ scheme: 'REGISTRATION_NO', value: '450100000012345' }] }),
      settings,
    );
    expect(keyed).toMatchObject({ ok: true, subjectKey: 'IB-450100000012345' });
  });

  it('refuses the placeholder for anything but an individual business, and a non-92 code for one', () => {
    expect(checkRegistration(dto({ code: USCC_PLACEHOLDER }), settings)).toMatchObject({ ok: false });
    expect(checkRegistration(dto({ kind: 'INDIVIDUAL_BUSINESS' }), settings)).toMatchObject({ ok: false, errors: [expect.objectContaining({ field: 'kind' })] });
    expect(checkRegistration(dto({ code: '92451000MA5P77882E', kind: 'INDIVIDUAL_BUSINESS' }), settings)).toMatchObject({ ok: true });
  });

  it('refuses impossible dates and malformed legacy codes', () => {
    const checked = checkRegistration(
      dto({ registeredOn: '2025-02-30', legacyCodes: [{ scheme: 'ORGANIZATION_CODE', value: 'MA5K12348' }, { scheme: 'REGISTRATION_NO', value: '12' }] }),
      settings,
    );
    expect(checked.ok).toBe(false);
    if (checked.ok) return;
    expect(checked.errors.map((e) => e.field).sort()).toEqual(['legacyCodes.0.value', 'legacyCodes.1.value', 'registeredOn']);
  });
});
