import { Module } from '@nestjs/common';
import { EntiService, PaymentAdoptionService, ServicesService } from '@sus/catalog';
import { ProceduresModule } from '../procedures/procedures.module';
import { ServicesResolver } from './services.resolver';

/** Anagrafe Servizi: service types, ente services and payment-adoption monitoring (DESIGN §2). */
@Module({
  imports: [ProceduresModule],
  providers: [EntiService, ServicesService, PaymentAdoptionService, ServicesResolver],
  exports: [ServicesService],
})
export class ServicesModule {}
