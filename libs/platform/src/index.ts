export * from './config/environment';
export * from './config/production-readiness';
export * from './config/project-root';
export * from './logging/logger';
export * from './errors/sus-error';
export * from './context/request-context';
export * from './config/temporal-binaries';
