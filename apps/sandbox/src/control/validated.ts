import { BadRequestException, ConflictException } from '@nestjs/common';
import { ZodError } from 'zod';

/** A control-endpoint change that clashes with the sandbox's state (e.g. a key another service holds). */
export class ControlConflictError extends Error {}

/** Runs a control-endpoint change, answering bad input with 400 and a clash with 409. */
export function validated<T>(action: () => T): T {
  try {
    return action();
  } catch (error) {
    if (error instanceof ZodError) throw new BadRequestException(error.issues);
    if (error instanceof ControlConflictError) throw new ConflictException(error.message);
    throw error;
  }
}
