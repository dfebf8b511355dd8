// main.ts of the sample service, as every service's main.ts is: bootstrap only.
import { bootstrapService } from '../../src';
import { sampleAppModule, sampleRegistry } from './sample-app';

const topic = process.env.SAMPLE_CONSUMER_TOPIC;
void bootstrapService(
  sampleAppModule(
    topic ? { consumer: { groupId: process.env.SAMPLE_CONSUMER_GROUP ?? 'platform-sample', topics: [topic], registry: sampleRegistry } } : {},
  ),
);
