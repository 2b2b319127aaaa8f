import { Global, Module } from '@nestjs/common';
import { CounterRegistry } from './counter-registry';

@Global()
@Module({ providers: [CounterRegistry], exports: [CounterRegistry] })
export class CountersModule {}
