import { Module } from '@nestjs/common';
import { ProceduresModule } from '../procedures/procedures.module';
import { ServicesResolver } from './services.resolver';

/** Anagrafe Servizi: service types, ente services and payment-adoption monitoring (DESIGN §2). */
@Module({
  imports: [ProceduresModule],
  providers: [ServicesResolver],
})
export class ServicesModule {}
