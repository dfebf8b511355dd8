import type { Principal, Role } from '@credit/platform';
import { decisionAccess, owningUnits, readAccess, type AccessSettings, type ApplicationAccess } from './repair-access.rules';

const MARKET_BUREAU = '11450100MB0000019J';
const TAX_BUREAU = '11450100MB0000027D';
const CREDIT_OFFICE = '11450100007712342F';
const SUBJECT = '91450100MA5K12347C';

const department = (departmentCode: string, ...roles: Role[]): Principal => ({ departmentCode, name: departmentCode, roles });

const penaltyRepair: ApplicationAccess = {
  applicationId: 'app-1',
  subjectKey: SUBJECT,
  subjectCode: SUBJECT,
  target: { type: 'PENALTY', id: 'penalty-1' },
  decidingUnitCode: MARKET_BUREAU,
};
const listEntryRepair: ApplicationAccess = { ...penaltyRepair, target: { type: 'LIST_ENTRY', id: 'entry-1' }, decidingUnitCode: TAX_BUREAU };
/** Projected before the deciding unit was kept. */
const unknownUnit: ApplicationAccess = { ...penaltyRepair, decidingUnitCode: null };
/** A natural person: no USCC, the subject key an HMAC. */
const personRepair: ApplicationAccess = { ...penaltyRepair, subjectKey: 'NP-k3y0fAP3rs0n', subjectCode: null };

const withOffice: AccessSettings = { creditOfficeUnitCode: CREDIT_OFFICE };
const withoutOffice: AccessSettings = {};

describe('who decides a repair (谁认定、谁修复)', () => {
  it("lets the penalty's deciding authority decide, whatever the case of its code", () => {
    expect(decisionAccess(department(MARKET_BUREAU, 'reviewer'), penaltyRepair, withoutOffice)).toEqual({ allowed: true, as: 'deciding-unit' });
    expect(decisionAccess(department(MARKET_BUREAU.toLowerCase(), 'reviewer'), penaltyRepair, withoutOffice)).toEqual({ allowed: true, as: 'deciding-unit' });
    expect(decisionAccess(department(MARKET_BUREAU, 'reviewer'), personRepair, withoutOffice)).toEqual({ allowed: true, as: 'deciding-unit' });
  });

  it("lets the list entry's initiating unit decide, and not the unit of another record", () => {
    expect(decisionAccess(department(TAX_BUREAU, 'reviewer'), listEntryRepair, withoutOffice)).toEqual({ allowed: true, as: 'deciding-unit' });
    const refused = decisionAccess(department(MARKET_BUREAU, 'reviewer'), listEntryRepair, withoutOffice);
    expect(refused.allowed).toBe(false);
    expect(!refused.allowed && refused.reason).toContain(TAX_BUREAU);
  });

  it("refuses another department's reviewer, naming the deciding unit", () => {
    const refused = decisionAccess(department(TAX_BUREAU, 'reviewer', 'reader', 'submitter'), penaltyRepair, withOffice);
    expect(refused).toEqual({ allowed: false, reason: expect.stringContaining(`penalty penalty-1 was decided by ${MARKET_BUREAU}`) });
  });

  it('refuses the deciding unit without the reviewer role', () => {
    expect(decisionAccess(department(MARKET_BUREAU, 'submitter', 'reader', 'ops'), penaltyRepair, withoutOffice).allowed).toBe(false);
  });

  it('never lets the applicant decide its own application, whatever its roles or its code', () => {
    for (const roles of [['reviewer'], ['reviewer', 'admin'], ['reviewer', 'ops', 'reader', 'submitter']] as Role[][]) {
      const refused = decisionAccess(department(SUBJECT, ...roles), penaltyRepair, withOffice);
      expect(refused).toEqual({ allowed: false, reason: expect.stringContaining('is the applicant') });
    }
    // A subject that is itself the deciding authority or the credit office still may not clear its own record.
    expect(decisionAccess(department(SUBJECT, 'reviewer'), { ...penaltyRepair, decidingUnitCode: SUBJECT }, withoutOffice).allowed).toBe(false);
    expect(decisionAccess(department(SUBJECT, 'reviewer'), penaltyRepair, { creditOfficeUnitCode: SUBJECT }).allowed).toBe(false);
  });

  it("lets the credit office's reviewers decide any repair when the office is configured, and only then", () => {
    expect(decisionAccess(department(CREDIT_OFFICE, 'reviewer'), penaltyRepair, withOffice)).toEqual({ allowed: true, as: 'credit-office' });
    expect(decisionAccess(department(CREDIT_OFFICE, 'reviewer'), listEntryRepair, withOffice)).toEqual({ allowed: true, as: 'credit-office' });
    expect(decisionAccess(department(CREDIT_OFFICE, 'reviewer'), penaltyRepair, withoutOffice).allowed).toBe(false);
  });

  it('fails closed when the deciding unit is unknown: only the credit office or an administrator decides', () => {
    const refused = decisionAccess(department(MARKET_BUREAU, 'reviewer'), unknownUnit, withOffice);
    expect(refused).toEqual({ allowed: false, reason: expect.stringContaining('deciding unit of penalty penalty-1 is unknown') });
    expect(decisionAccess(department(CREDIT_OFFICE, 'reviewer'), unknownUnit, withOffice)).toEqual({ allowed: true, as: 'credit-office' });
    expect(decisionAccess(department(TAX_BUREAU, 'reviewer', 'admin'), unknownUnit, withoutOffice)).toEqual({ allowed: true, as: 'admin' });
  });
});

describe('who reads a repair application', () => {
  it('shows it to its subject, the deciding unit, the credit office, ops and administrators, with any role', () => {
    expect(readAccess(department(SUBJECT, 'submitter'), penaltyRepair, withOffice)).toEqual({ allowed: true, as: 'subject' });
    expect(readAccess(department(MARKET_BUREAU, 'reader'), penaltyRepair, withOffice)).toEqual({ allowed: true, as: 'deciding-unit' });
    expect(readAccess(department(CREDIT_OFFICE, 'reader'), penaltyRepair, withOffice)).toEqual({ allowed: true, as: 'credit-office' });
    expect(readAccess(department(TAX_BUREAU, 'ops'), penaltyRepair, withOffice)).toEqual({ allowed: true, as: 'ops' });
    expect(readAccess(department(TAX_BUREAU, 'admin'), penaltyRepair, withOffice)).toEqual({ allowed: true, as: 'admin' });
  });

  it('belongs to its subject and its deciding unit, so that a read by anyone else is put on record', () => {
    expect(owningUnits(penaltyRepair)).toEqual([SUBJECT, MARKET_BUREAU]);
    expect(owningUnits({ ...personRepair, decidingUnitCode: null })).toEqual([]);
  });

  it('refuses any other department, and the deciding unit too when it is unknown', () => {
    expect(readAccess(department(TAX_BUREAU, 'reader', 'reviewer', 'submitter'), penaltyRepair, withOffice).allowed).toBe(false);
    expect(readAccess(department(CREDIT_OFFICE, 'reader'), penaltyRepair, withoutOffice).allowed).toBe(false);
    expect(readAccess(department(MARKET_BUREAU, 'reader'), unknownUnit, withoutOffice).allowed).toBe(false);
  });
});
