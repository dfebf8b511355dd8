import 'reflect-metadata';
import type { EventStore } from '@credit/event-store';
import { NationalConnectorConfig, NationalConnectorEnv } from '../config';
import { DeliveryWorker } from './delivery-worker';
import type { NationalPlatformClient } from './national-platform.client';

/**
 * The lanes' wake-up: a lane that found nothing due waits for its poll, and a nudge (deliveries
 * committed by the reaction) sends every waiting lane back to the ledger at once. The ledger is
 * replaced by a stub whose claim finds nothing: what is counted is how often each lane looks.
 */
describe('DeliveryWorker wake-up', () => {
  const POLL_MS = 60_000;

  function worker(lanes: number): { worker: DeliveryWorker; claims: () => number } {
    let claims = 0;
    const store = { transaction: async () => (claims++, false) } as unknown as EventStore;
    const env = Object.assign(new NationalConnectorEnv(), { NATIONAL_PLATFORM_URL: 'http://127.0.0.1:1', DELIVERY_POLL_INTERVAL_MS: POLL_MS, DELIVERY_CONCURRENCY: lanes });
    return { worker: new DeliveryWorker(store, {} as NationalPlatformClient, new NationalConnectorConfig(env)), claims: () => claims };
  }

  const settle = () => new Promise((resolve) => setTimeout(resolve, 20));

  it('wakes every waiting lane on a nudge instead of leaving them to their poll', async () => {
    const { worker: w, claims } = worker(3);
    w.onApplicationBootstrap();
    await settle();
    expect(claims()).toBe(3); // each lane looked once and now waits its 60 s poll

    w.nudge();
    await settle();
    expect(claims()).toBe(6); // all three looked again at once, not only the last to wait

    await settle();
    expect(claims()).toBe(6); // and wait again: a nudge is one look, not a busy loop
    await w.onModuleDestroy();
  });

  it('does not lose a nudge that comes while no lane waits', async () => {
    const { worker: w, claims } = worker(1);
    w.nudge(); // before the lane runs: it is looking (or about to), not waiting
    w.onApplicationBootstrap();
    await settle();
    // The lane's first look may have run before the rows committed: it looks once more at once.
    expect(claims()).toBe(2);
    await settle();
    expect(claims()).toBe(2);
    await w.onModuleDestroy();
  });

  it('stops waiting lanes at once on shutdown', async () => {
    const { worker: w } = worker(2);
    w.onApplicationBootstrap();
    await settle();
    const started = Date.now();
    await w.onModuleDestroy();
    expect(Date.now() - started).toBeLessThan(1_000);
  });
});
