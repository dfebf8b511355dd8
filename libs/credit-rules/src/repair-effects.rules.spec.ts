import { REPAIR_EFFECT_NAMES, REPAIR_EFFECT_SERVICES } from '@credit/contracts';
import {
  REPAIR_DELIVERY_TARGETS,
  REPAIR_EFFECTS,
  repairEffectOfDelivery,
  repairEffectPrerequisites,
  repairEffectsAcknowledgedBy,
  repairEffectsFor,
  repairEffectsOfEarlierApprovals,
} from './repair-effects.rules';

describe('repair effect map', () => {
  it('names every repair effect once, each performed by a known service', () => {
    expect(REPAIR_EFFECTS.map((rule) => rule.effect)).toEqual([...REPAIR_EFFECT_NAMES]);
    for (const rule of REPAIR_EFFECTS) expect(REPAIR_EFFECT_SERVICES).toContain(rule.service);
  });

  it('has a penalty repair wait for every effect, a list entry repair for all but the withdrawal', () => {
    expect(repairEffectsFor('PENALTY')).toEqual([
      { service: 'double-publicity', effect: 'publicity-withdrawn' },
      { service: 'joint-punishment', effect: 'list-entries-exited' },
      { service: 'grading-supervision', effect: 'grade-recomputed' },
      { service: 'national-connector', effect: 'delivered-credit-china' },
      { service: 'national-connector', effect: 'delivered-enterprise-publicity' },
      { service: 'credit-portal', effect: 'website-cleared' },
    ]);
    expect(repairEffectsFor('LIST_ENTRY').map((e) => e.effect)).not.toContain('publicity-withdrawn');
    expect(repairEffectsOfEarlierApprovals('PENALTY').map((e) => e.effect)).not.toContain('website-cleared');
  });

  it('delivers a repair result to 信用中国 and 国家企业信用信息公示系统, each delivery its own effect', () => {
    expect(REPAIR_DELIVERY_TARGETS).toEqual(['credit-china', 'enterprise-publicity']);
    expect(repairEffectOfDelivery('credit-china', 'credit-repair.repair-approved')).toBe('delivered-credit-china');
    expect(repairEffectOfDelivery('enterprise-publicity', 'credit-repair.repair-approved')).toBe('delivered-enterprise-publicity');
    expect(repairEffectOfDelivery('credit-china', 'double-publicity.penalty-published')).toBeNull();
    expect(repairEffectOfDelivery('shared-platform', 'credit-repair.repair-approved')).toBeNull();
  });

  it('says which event acknowledges which effect, and what the grade must come after', () => {
    expect(repairEffectsAcknowledgedBy('double-publicity.penalty-publicity-withdrawn')).toEqual(['publicity-withdrawn']);
    expect(repairEffectsAcknowledgedBy('double-publicity.penalty-repair-noted')).toEqual(['publicity-withdrawn']);
    expect(repairEffectsAcknowledgedBy('joint-punishment.repair-effects-completed')).toEqual(['list-entries-exited']);
    expect(repairEffectsAcknowledgedBy('credit-portal.repair-publication-cleared')).toEqual(['website-cleared']);
    expect(repairEffectPrerequisites('grade-recomputed')).toEqual(['publicity-withdrawn', 'list-entries-exited']);
    expect(repairEffectPrerequisites('website-cleared')).toEqual([]);
  });
});
