export * from './config/environment';
export * from './database/data-source';
export * from './logging/logger';
export * from './platform-probes/platform-probe.entity';
export * from './platform-probes/platform-probe.repository';
export * from './config/project-root';
export * from './workers/worker-heartbeat.entity';
export * from './workers/worker-heartbeat.repository';
