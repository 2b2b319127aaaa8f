import { Module } from '@nestjs/common';
import { ServicesModule } from '../services/services.module';
import { CheckoutClient } from './checkout.client';
import { VoluntaryPaymentsResolver } from './voluntary-payments.resolver';
import { PaymentsResolver } from './payments.resolver';
import { PaymentsService } from './payments.service';
import { ReceiptsController } from './receipts.controller';
import { NoticesController } from './notices.controller';
import { NoticeLinks } from './notice-links';

@Module({
  imports: [ServicesModule],
  controllers: [ReceiptsController, NoticesController],
  providers: [CheckoutClient, VoluntaryPaymentsResolver, NoticeLinks, PaymentsService, PaymentsResolver],
})
export class PaymentsModule {}
