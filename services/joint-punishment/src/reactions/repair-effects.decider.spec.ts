import { repairEffectsDecider, type RepairEffectsEvent } from './repair-effects.decider';

const given = (events: RepairEffectsEvent[]) => events.reduce(repairEffectsDecider.evolve, repairEffectsDecider.initialState());

describe('repair acknowledgement', () => {
  it('is given once, with the entries the repair took off the lists (also when there were none)', () => {
    const first = repairEffectsDecider.decide({ type: 'CompleteRepairEffects', data: { repairApplicationId: 'r-1', listEntryIds: ['e-1'] } }, given([]));
    expect(first).toEqual([{ type: 'joint-punishment.repair-effects-completed', data: { repairApplicationId: 'r-1', listEntryIds: ['e-1'] } }]);
    expect(repairEffectsDecider.decide({ type: 'CompleteRepairEffects', data: { repairApplicationId: 'r-1', listEntryIds: [] } }, given(first))).toEqual([]);
    expect(repairEffectsDecider.decide({ type: 'CompleteRepairEffects', data: { repairApplicationId: 'r-2', listEntryIds: [] } }, given([]))).toHaveLength(1);
  });
});
