import type { PlatformConfig } from '../config/platform-config';
import type { PlatformModuleOptions } from '../config/tokens';

/** The consumer a service declares, under the group KAFKA_CONSUMER_GROUP names when it is set. */
export function effectiveConsumer(
  options: PlatformModuleOptions,
  config: PlatformConfig,
): PlatformModuleOptions['consumer'] {
  if (!options.consumer) return undefined;
  return { ...options.consumer, groupId: config.KAFKA_CONSUMER_GROUP ?? options.consumer.groupId };
}
