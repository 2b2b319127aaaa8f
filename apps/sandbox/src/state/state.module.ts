import { type DynamicModule, Global, Module } from '@nestjs/common';
import { StateRegistry } from './persistent-state';
import { STATE_FILE, StatePersistence } from './state-persistence';

/** The registry every stateful service joins, and the file that keeps their state across restarts. */
@Global()
@Module({})
export class StateModule {
  static register(file: string | undefined): DynamicModule {
    return {
      module: StateModule,
      providers: [StateRegistry, { provide: STATE_FILE, useValue: file }, StatePersistence],
      exports: [StateRegistry],
    };
  }
}
