import { ApplicationFailure } from '@temporalio/activity';
import { Bookings, CatalogError, EntiService, systemContext } from '@sus/catalog';
import { createBusinessCalendar } from '@sus/domain';
import type { CaseBookings, HeldSlot, HoldSlotRequest } from '../activities/case.activities';

/** A case's slot in the ente's booking calendar, held by the case's workflow id. */
export class CatalogCaseBookings implements CaseBookings {
  constructor(
    private readonly bookings: Bookings,
    private readonly enti: EntiService,
  ) {}

  async hold(request: HoldSlotRequest): Promise<HeldSlot> {
    const ctx = systemContext();
    const ente = await this.enti.getByCode(ctx, request.enteCode);
    const [booking, resource] = await Promise.all([
      this.bookings
        .hold(ctx, {
          ...request,
          holdUntil: new Date(request.holdUntil),
          businessCalendar: createBusinessCalendar({ enteHolidays: ente.holidays }),
        })
        .catch((error: unknown) => {
          // The citizen must learn why (SLOT_TAKEN: pick another slot), not a generic failure.
          if (error instanceof CatalogError)
            throw ApplicationFailure.create({ type: error.code, message: error.message, nonRetryable: true });
          throw error;
        }),
      this.bookings.resourceByCode(ctx, request.enteCode, request.resourceCode),
    ]);
    return {
      resourceName: resource?.name ?? request.resourceCode,
      date: booking.slot.date,
      start: booking.slot.start,
      end: booking.slot.end,
    };
  }

  async confirm(holderRef: string): Promise<void> {
    await this.bookings.confirm(systemContext(), holderRef);
  }

  async release(holderRef: string): Promise<void> {
    await this.bookings.release(systemContext(), holderRef);
  }
}
