import type { LoggerService } from '@nestjs/common';
import pino, { type Logger, type LoggerOptions } from 'pino';

export type { Logger } from 'pino';

export function createLogger(
  options: { name: string; level: string; pretty?: boolean } & LoggerOptions,
): Logger {
  const { pretty, ...rest } = options;
  return pino({
    ...rest,
    ...(pretty
      ? {
          transport: {
            target: 'pino-pretty',
            options: { ignore: 'pid,hostname', translateTime: 'SYS:HH:MM:ss.l', singleLine: true },
          },
        }
      : {}),
    // Personal data must never reach the logs, whatever a caller passes in.
    redact: {
      paths: ['req.headers.authorization', 'req.headers.cookie', '*.fiscalCode', '*.password'],
      censor: '[redacted]',
    },
  });
}

/** Routes Nest's own framework messages into the same structured pino stream. */
export class PinoNestLogger implements LoggerService {
  constructor(private readonly logger: Logger) {}

  log(message: unknown, context?: string): void {
    this.logger.info({ context }, String(message));
  }
  error(message: unknown, trace?: string, context?: string): void {
    this.logger.error({ context, trace }, String(message));
  }
  warn(message: unknown, context?: string): void {
    this.logger.warn({ context }, String(message));
  }
  debug(message: unknown, context?: string): void {
    this.logger.debug({ context }, String(message));
  }
  verbose(message: unknown, context?: string): void {
    this.logger.trace({ context }, String(message));
  }
}
