import { Module } from '@nestjs/common';
import { EntiService, IuvAllocator, PaymentRepository } from '@sus/catalog';
import { PaymentsResolver } from './payments.resolver';
import { PaymentsService } from './payments.service';
import { ReceiptsController } from './receipts.controller';

@Module({
  controllers: [ReceiptsController],
  providers: [EntiService, IuvAllocator, PaymentRepository, PaymentsService, PaymentsResolver],
})
export class PaymentsModule {}
