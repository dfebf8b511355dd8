import { eventRegistry } from '@credit/contracts';
import { SANDBOX_FEED_PATHS } from '@credit/testing';
import { DELIVERED_EVENT_TYPES, UPSTREAM_FLOWS } from './index';

describe('upstream flow registry', () => {
  it('subscribes each flow event type once, and only types of the contract', () => {
    expect(new Set(DELIVERED_EVENT_TYPES).size).toBe(DELIVERED_EVENT_TYPES.length);
    expect(DELIVERED_EVENT_TYPES).toHaveLength(UPSTREAM_FLOWS.flatMap((flow) => flow.eventTypes).length);
    const known = new Set(eventRegistry.definitions().map((d) => d.type));
    expect(DELIVERED_EVENT_TYPES.filter((type) => !known.has(type))).toEqual([]);
  });

  it('delivers only to feeds the sandbox national platform accepts', () => {
    const endpoints = UPSTREAM_FLOWS.flatMap((flow) => Object.entries(flow).filter(([name]) => name.endsWith('ENDPOINT')).map(([, path]) => path as string));
    expect(endpoints.length).toBeGreaterThanOrEqual(UPSTREAM_FLOWS.length);
    expect(endpoints.filter((path) => !(SANDBOX_FEED_PATHS as readonly string[]).includes(path))).toEqual([]);
  });
});
