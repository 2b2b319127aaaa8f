import { Module } from '@nestjs/common';
import { EntiService, IuvAllocator, PaymentRepository } from '@sus/catalog';
import { PaymentsResolver } from './payments.resolver';
import { PaymentsService } from './payments.service';
import { ReceiptsController } from './receipts.controller';
import { NoticesController } from './notices.controller';
import { NoticeLinks } from './notice-links';

@Module({
  controllers: [ReceiptsController, NoticesController],
  providers: [NoticeLinks, EntiService, IuvAllocator, PaymentRepository, PaymentsService, PaymentsResolver],
})
export class PaymentsModule {}
