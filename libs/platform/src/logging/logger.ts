import type { LoggerService } from '@nestjs/common';
import { trace } from '@opentelemetry/api';
import pino, { type Logger, type LoggerOptions } from 'pino';
import { currentLogContext } from '../observability/log-context';

export type { Logger } from 'pino';

export function createLogger(
  options: { name: string; level: string; pretty?: boolean } & LoggerOptions,
  /** Where lines go instead of stdout (tests). */
  destination?: pino.DestinationStream,
): Logger {
  const { pretty, ...rest } = options;
  const settings: LoggerOptions = {
    ...rest,
    ...(pretty
      ? {
          transport: {
            target: 'pino-pretty',
            options: { ignore: 'pid,hostname', translateTime: 'SYS:HH:MM:ss.l', singleLine: true },
          },
        }
      : {}),
    // Every line says which request, workflow or activity it belongs to, and the trace it is part of.
    mixin: () => {
      const span = trace.getActiveSpan()?.spanContext();
      return span ? { ...currentLogContext(), traceId: span.traceId } : currentLogContext();
    },
    // Personal data must never reach the logs, whatever a caller passes in.
    redact: {
      paths: ['req.headers.authorization', 'req.headers.cookie', '*.fiscalCode', '*.password'],
      censor: '[redacted]',
    },
  };
  return destination ? pino(settings, destination) : pino(settings);
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
