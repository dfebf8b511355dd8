import { deciderSpec } from '@credit/testing';
import { repairEffectsDecider } from './repair-effects.decider';

const spec = deciderSpec(repairEffectsDecider);

describe('repair acknowledgement', () => {
  it('is given once, with the entries the repair took off the lists (also when there were none)', () => {
    const first = spec.given([]).when({ type: 'CompleteRepairEffects', data: { repairApplicationId: 'r-1', listEntryIds: ['e-1'] } }).events();
    expect(first).toEqual([{ type: 'joint-punishment.repair-effects-completed', data: { repairApplicationId: 'r-1', listEntryIds: ['e-1'] } }]);
    spec.given(first).when({ type: 'CompleteRepairEffects', data: { repairApplicationId: 'r-1', listEntryIds: [] } }).then([]);
    expect(spec.given([]).when({ type: 'CompleteRepairEffects', data: { repairApplicationId: 'r-2', listEntryIds: [] } }).events()).toHaveLength(1);
  });
});
