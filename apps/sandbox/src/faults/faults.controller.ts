import { BadRequestException, Body, Controller, Get, HttpCode, Post, Put } from '@nestjs/common';
import { ZodError } from 'zod';
import { CounterRegistry } from '../counters/counter-registry';
import { FaultInjector, type FaultSettings } from './fault-injector';

/** Test-only control surface of the sandbox: never part of the imitated contracts. */
@Controller('__sandbox')
export class FaultsController {
  constructor(
    private readonly faults: FaultInjector,
    private readonly registry: CounterRegistry,
  ) {}

  @Get('faults')
  get(): FaultSettings {
    return this.faults.current();
  }

  @Put('faults')
  put(@Body() body: Partial<FaultSettings>): FaultSettings {
    try {
      return this.faults.configure(body ?? {});
    } catch (error) {
      if (error instanceof ZodError) throw new BadRequestException(error.issues);
      throw error;
    }
  }

  @Get('counters')
  counters() {
    return { faults: this.faults.counters(), ...this.registry.snapshot() };
  }

  /** Forgets everything the imitated platforms hold (positions, receipts, …) and their counters; keeps the fault settings. */
  @Post('reset')
  @HttpCode(204)
  reset(): void {
    this.registry.reset();
  }
}
