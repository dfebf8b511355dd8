export * from './infra';
export * from './kafka-probe';
export * from './repo';
export * from './service-process';
export * from './start-infra';
export * from './token';
export * from './wait-for';
