import { BadRequestException, Body, Controller, Get, Put } from '@nestjs/common';
import { ZodError } from 'zod';
import { FaultInjector, type FaultSettings } from './fault-injector';

/** Test-only control surface of the sandbox: never part of the imitated contracts. */
@Controller('__sandbox')
export class FaultsController {
  constructor(private readonly faults: FaultInjector) {}

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
    return { faults: this.faults.counters() };
  }
}
