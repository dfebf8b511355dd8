import { FLOW_DEPARTMENT, mintToken, PLATFORM_SERVICES, testInfra, type RepairPlatform } from '@credit/testing';
import type { Topology } from '../../src/ops/topology';

/** The operator's view of a test platform: its databases, consumer groups, URLs, and an ops token. */
export function opsTopology(platform: RepairPlatform): Topology {
  return {
    services: PLATFORM_SERVICES.map((name) => ({
      name,
      databaseUrl: platform.databases[name].url,
      ...(name !== 'commitments' && { consumerGroup: platform.env[name].KAFKA_CONSUMER_GROUP }),
      url: platform.services[name].url,
    })),
    kafkaBrokers: testInfra().kafkaBrokers,
    opsToken: () => mintToken({ sub: FLOW_DEPARTMENT, name: 'credit-ops', roles: ['ops'] }),
    subjectKeySecret: platform.services['credit-portal'].env.SUBJECT_KEY_SECRET,
  };
}
