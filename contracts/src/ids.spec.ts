import { isUuid, newEventId } from './ids';

describe('event ids', () => {
  it('are UUIDv7, so they sort by creation time', async () => {
    const first = newEventId();
    await new Promise((resolve) => setTimeout(resolve, 2));
    const second = newEventId();
    expect(isUuid(first)).toBe(true);
    expect(first[14]).toBe('7');
    expect(second[14]).toBe('7');
    expect(first < second).toBe(true);
  });

  it('are unique', () => {
    const ids = new Set(Array.from({ length: 10_000 }, () => newEventId()));
    expect(ids.size).toBe(10_000);
  });

  it('isUuid accepts canonical UUIDs of any version and nothing else', () => {
    expect(isUuid('3b241101-e2bb-4255-8caf-4136c566a962')).toBe(true);
    expect(isUuid('01890a5d-ac96-774b-bcce-b302099a8057')).toBe(true);
    expect(isUuid('01890a5d-ac96-774b-bcce-b302099a805')).toBe(false);
    expect(isUuid('01890a5dac96774bbcceb302099a8057')).toBe(false);
    expect(isUuid('penalty-1')).toBe(false);
    expect(isUuid(42)).toBe(false);
    expect(isUuid(undefined)).toBe(false);
  });
});
