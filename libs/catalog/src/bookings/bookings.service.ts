import { randomUUID } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import {
  assertCan,
  can,
  checkBookingCalendar,
  civilDateInRome,
  DomainError,
  domainErrorField,
  localTimeOfMinutes,
  minuteOfDayInRome,
  NATIONAL_BUSINESS_CALENDAR,
  offeredSlot,
  parseCivilDate,
  slotInstants,
  slotsBetween,
  type BookingCalendar,
  type BookingSlot,
  type BusinessCalendar,
  type CivilDate,
  type LocalTime,
} from '@sus/domain';
import { DataSource, In, type EntityManager } from 'typeorm';
import { AuditLog } from '../audit/audit-log';
import { CatalogError, parseField } from '../catalog-error';
import type { RequestContext } from '../context/request-context';
import { EntiService } from '../organisations/enti.service';
import type { Ente } from '../organisations/ente.entity';
import { rethrowUniqueViolation } from '../organisations/unique-violation';
import { Booking, BookingResource, type BookingStatus } from './booking.entity';

export interface SaveBookingResourceInput {
  code: string;
  name: string;
  location?: string | null;
  /** Checked with checkBookingCalendar; problems name `calendar.<field>`. */
  calendar: BookingCalendar;
  /** Defaults to true for a new resource; left as it is on update when omitted. */
  active?: boolean | null;
}

export interface HoldSlotInput {
  enteCode: string;
  resourceCode: string;
  date: CivilDate;
  start: LocalTime;
  /** The case's workflow id: one active booking per holder. */
  holderRef: string;
  /** Until when the slot is kept unpaid (the booking step's `hold` from now). */
  holdUntil: Date;
  /** The ente's holidays when the resource closes on holidays; national ones only by default. */
  businessCalendar?: BusinessCalendar;
}

/** A booking as callers see it: the resource by code, the slot in Italian local time and in UTC. */
export interface BookingView {
  id: string;
  enteCode: string;
  resourceCode: string;
  holderRef: string;
  status: BookingStatus;
  slot: BookingSlot;
  slotStart: Date;
  slotEnd: Date;
  holdExpiresAt: Date | null;
}

const CODE = /^[A-Za-z0-9][A-Za-z0-9_.-]{0,49}$/;
const ACTIVE: BookingStatus[] = ['held', 'confirmed'];

/**
 * Bookable resources and their slots. No slot is ever booked twice: the database refuses a second
 * active booking of a resource's slot (index booking_slot_taken) and any overlapping one
 * (constraint booking_no_overlap), so concurrent holders race on the insert and exactly one wins. Holds, confirmations and releases come from the procedure engine
 * (activities with the system context, or staff with cases:write); each is audited in the
 * transaction that makes it, keyed by booking and status, so a retried activity audits once.
 */
@Injectable()
export class Bookings {
  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly enti: EntiService,
    private readonly audit: AuditLog,
  ) {}

  /** Creates or replaces the resource with this code in the ente. */
  async saveResource(
    ctx: RequestContext,
    enteCode: string,
    input: SaveBookingResourceInput,
  ): Promise<BookingResource> {
    const ente = await this.enti.getByCode(ctx, enteCode);
    assertCan(ctx, 'catalog:write', ente.ipaCode);
    const code = typeof input.code === 'string' ? input.code.trim() : '';
    if (!CODE.test(code)) {
      throw new CatalogError(
        'BAD_USER_INPUT',
        `"${String(input.code)}" is not a resource code: 1-50 letters, digits or _ . - starting with a letter or digit.`,
        'code',
      );
    }
    const name = typeof input.name === 'string' ? input.name.trim() : '';
    if (name.length < 1 || name.length > 200)
      throw new CatalogError('BAD_USER_INPUT', 'name must have 1 to 200 characters.', 'name');
    const location = (input.location ?? '').trim();
    if (location.length > 300)
      throw new CatalogError('BAD_USER_INPUT', 'location must have at most 300 characters.', 'location');
    const calendar = checkCalendar(input.calendar);
    try {
      return await this.db.transaction(async (tx) => {
        const resources = tx.getRepository(BookingResource);
        const existing = await resources.findOne({
          where: { enteId: ente.id, code },
          lock: { mode: 'pessimistic_write' },
        });
        const row = { name, location, calendar, active: input.active ?? existing?.active ?? true };
        if (existing) {
          await resources.update({ id: existing.id }, { ...row, updatedAt: () => 'now()' });
          return resources.findOneByOrFail({ id: existing.id });
        }
        const id = randomUUID();
        await resources.insert({ id, enteId: ente.id, code, ...row });
        return resources.findOneByOrFail({ id });
      });
    } catch (error) {
      rethrowUniqueViolation(error, { booking_resource_code_unique: 'code' });
    }
  }

  /** The ente's resources by code; public, like the rest of the catalogue. */
  async resources(ctx: RequestContext, enteCode: string): Promise<BookingResource[]> {
    const ente = await this.enti.getByCode(ctx, enteCode);
    return this.db
      .getRepository(BookingResource)
      .find({ where: { enteId: ente.id }, order: { code: 'ASC' } });
  }

  async resourceByCode(ctx: RequestContext, enteCode: string, code: string): Promise<BookingResource | null> {
    const ente = await this.enti.findByCode(ctx, enteCode);
    if (!ente) return null;
    return this.db.getRepository(BookingResource).findOneBy({ enteId: ente.id, code });
  }

  /**
   * The resource's slots from `from` to `to` (Italian dates, both included) that no one holds:
   * the calendar's slots not yet started, minus those overlapping a confirmed booking or an
   * unexpired hold (an expired hold is free for the next holder).
   */
  async availableSlots(
    ctx: RequestContext,
    enteCode: string,
    resourceCode: string,
    from: CivilDate,
    to: CivilDate,
    businessCalendar: BusinessCalendar = NATIONAL_BUSINESS_CALENDAR,
  ): Promise<BookingSlot[]> {
    const first = parseField('from', () => parseCivilDate(from));
    const last = parseField('to', () => parseCivilDate(to));
    const resource = await this.getResource(ctx, enteCode, resourceCode);
    if (!resource.active) return [];
    const slots = checkRange(() => slotsBetween(resource.calendar, first, last, businessCalendar));
    if (slots.length === 0) return [];
    const rows = (await this.db.query(
      `SELECT slot_start, slot_end FROM booking
        WHERE resource_id = $1 AND slot_end > $2 AND slot_start < $3
          AND (status = 'confirmed' OR (status = 'held' AND hold_expires_at > now()))`,
      [resource.id, slotInstants(slots[0]!).start, slotInstants(slots.at(-1)!).end],
    )) as { slot_start: Date; slot_end: Date }[];
    // Overlap, not equal starts: a booking made on an older grid still blocks the slots it covers.
    const taken = rows.map((row) => [new Date(row.slot_start).getTime(), new Date(row.slot_end).getTime()]);
    const now = Date.now();
    return slots.filter((slot) => {
      const { start, end } = slotInstants(slot);
      return (
        start.getTime() > now && !taken.some(([from, to]) => from! < end.getTime() && start.getTime() < to!)
      );
    });
  }

  /**
   * Holds the slot for `holderRef` until `holdUntil`. Idempotent: the holder's active booking of
   * the same slot is returned (its hold extended if `holdUntil` is later). A holder moving to another slot gives up its previous hold
   * in the same transaction (kept if the new slot turns out to be taken); a confirmed booking is
   * never given up this way. Another holder's expired hold on (or across) the slot is released first.
   */
  async hold(ctx: RequestContext, input: HoldSlotInput): Promise<BookingView> {
    const holderRef = typeof input.holderRef === 'string' ? input.holderRef.trim() : '';
    if (holderRef.length < 1 || holderRef.length > 300)
      throw new CatalogError('BAD_USER_INPUT', 'holderRef must have 1 to 300 characters.', 'holderRef');
    if (!(input.holdUntil instanceof Date) || Number.isNaN(input.holdUntil.getTime()))
      throw new CatalogError('BAD_USER_INPUT', 'holdUntil must be a valid instant.', 'holdUntil');
    if (input.holdUntil.getTime() <= Date.now())
      throw new CatalogError('BAD_USER_INPUT', 'holdUntil must be in the future.', 'holdUntil');
    const date = parseField('date', () => parseCivilDate(input.date));
    const { ente, resource } = await this.resourceOf(ctx, input.enteCode, input.resourceCode);
    // Holding a slot is case work: the engine (system) or the ente's staff.
    assertCan(ctx, 'cases:write', ente.ipaCode);
    const slot = resource.active
      ? offeredSlot(
          resource.calendar,
          date,
          input.start,
          input.businessCalendar ?? NATIONAL_BUSINESS_CALENDAR,
        )
      : undefined;
    if (!slot) {
      throw new CatalogError(
        'SLOT_NOT_OFFERED',
        `${resource.name} offers no slot on ${date} at ${String(input.start)}; choose one of the available slots.`,
        'start',
      );
    }
    const { start, end } = slotInstants(slot);
    if (start.getTime() <= Date.now()) {
      throw new CatalogError(
        'SLOT_NOT_OFFERED',
        `The slot on ${date} at ${slot.start} has already begun; choose a later slot.`,
        'start',
      );
    }
    const attempt = () =>
      this.db.transaction(async (tx) => {
        const mine = await tx
          .getRepository(Booking)
          .findOne({ where: { holderRef, status: In(ACTIVE) }, lock: { mode: 'pessimistic_write' } });
        if (mine && mine.resourceId === resource.id && mine.slotStart.getTime() === start.getTime()) {
          // Asking again with a later deadline (the citizen picks the same slot after the hold
          // lapsed) extends the hold; a retry with the same deadline changes nothing.
          if (mine.status !== 'held' || mine.holdExpiresAt!.getTime() >= input.holdUntil.getTime())
            return mine;
          await tx
            .getRepository(Booking)
            .update({ id: mine.id }, { holdExpiresAt: input.holdUntil, updatedAt: () => 'now()' });
          const extended = await tx.getRepository(Booking).findOneByOrFail({ id: mine.id });
          await this.audited(tx, ctx, ente, extended, 'held', 'booking.holdExtended');
          return extended;
        }
        if (mine?.status === 'confirmed') {
          throw new CatalogError(
            'BOOKING_CONFIRMED',
            `${holderRef} already has a confirmed booking; release it before booking another slot.`,
            'holderRef',
          );
        }
        if (mine) await this.move(tx, ctx, ente, mine, 'released', 'booking.released');
        const expired = await tx
          .getRepository(Booking)
          .createQueryBuilder('b')
          .setLock('pessimistic_write')
          .where("b.resource_id = :resourceId AND b.status = 'held'", { resourceId: resource.id })
          .andWhere('b.slot_start < :end AND b.slot_end > :start', { start, end })
          .andWhere('b.hold_expires_at <= now()')
          .getMany();
        for (const lapsed of expired)
          await this.move(tx, ctx, ente, lapsed, 'released', 'booking.holdExpired');
        const id = randomUUID();
        await tx.getRepository(Booking).insert({
          id,
          enteId: ente.id,
          resourceId: resource.id,
          slotStart: start,
          slotEnd: end,
          holderRef,
          status: 'held',
          holdExpiresAt: input.holdUntil,
        });
        const booking = await tx.getRepository(Booking).findOneByOrFail({ id });
        await this.audited(tx, ctx, ente, booking, null, 'booking.held');
        return booking;
      });
    try {
      return this.view(ente, resource, await attempt());
    } catch (error) {
      const constraint = uniqueViolation(error);
      if (constraint === undefined) throw error;
      // The same holder's retry may have won the race against itself: that is its booking.
      const now = await this.db
        .getRepository(Booking)
        .findOneBy({ holderRef, status: In(ACTIVE), resourceId: resource.id, slotStart: start });
      if (now) return this.view(ente, resource, now);
      if (constraint === 'booking_holder_active') return this.view(ente, resource, await attempt());
      throw new CatalogError(
        'SLOT_TAKEN',
        `The slot on ${date} at ${slot.start} of ${resource.name} is already booked by someone else; choose another slot.`,
        'start',
      );
    }
  }

  /**
   * Confirms the holder's booking once its fee is paid (idempotent). A hold another holder took
   * over after it expired cannot be confirmed: BOOKING_NOT_HELD.
   */
  async confirm(ctx: RequestContext, holderRef: string): Promise<BookingView> {
    return this.db.transaction(async (tx) => {
      const booking = await this.latestOf(tx, holderRef);
      const ente = await this.enteOf(ctx, booking);
      if (booking.status === 'confirmed') return this.viewOf(tx, ente, booking);
      if (booking.status !== 'held') {
        throw new CatalogError(
          'BOOKING_NOT_HELD',
          `The slot of ${holderRef} is no longer held (its hold lapsed or was released); book another slot.`,
          'holderRef',
        );
      }
      return this.viewOf(tx, ente, await this.move(tx, ctx, ente, booking, 'confirmed', 'booking.confirmed'));
    });
  }

  /**
   * Frees the holder's slot: unpaid fee, withdrawn or cancelled case. Idempotent: a holder with
   * nothing active gets its last booking back as it is, or null if it never booked.
   */
  async release(ctx: RequestContext, holderRef: string): Promise<BookingView | null> {
    return this.db.transaction(async (tx) => {
      const booking = await this.latestOf(tx, holderRef, false);
      if (!booking) return null;
      const ente = await this.enteOf(ctx, booking);
      if (booking.status === 'released') return this.viewOf(tx, ente, booking);
      return this.viewOf(tx, ente, await this.move(tx, ctx, ente, booking, 'released', 'booking.released'));
    });
  }

  /** The holder's active booking, else its latest one, or null if it never booked. */
  async bookingOf(ctx: RequestContext, holderRef: string): Promise<BookingView | null> {
    const booking = await this.latestOf(this.db.manager, holderRef, false, false);
    if (!booking) return null;
    const ente = await this.enteOf(ctx, booking, 'cases:read');
    return this.viewOf(this.db.manager, ente, booking);
  }

  private async getResource(ctx: RequestContext, enteCode: string, code: string): Promise<BookingResource> {
    return (await this.resourceOf(ctx, enteCode, code)).resource;
  }

  private async resourceOf(
    ctx: RequestContext,
    enteCode: string,
    code: string,
  ): Promise<{ ente: Ente; resource: BookingResource }> {
    const ente = await this.enti.getByCode(ctx, enteCode);
    const resource = await this.db.getRepository(BookingResource).findOneBy({ enteId: ente.id, code });
    if (!resource)
      throw new CatalogError('NOT_FOUND', `${ente.name} has no bookable resource "${code}".`, 'resourceCode');
    return { ente, resource };
  }

  /** Locks and returns the holder's active booking, else its latest (the status decides what follows). */
  private async latestOf(tx: EntityManager, holderRef: string): Promise<Booking>;
  private async latestOf(
    tx: EntityManager,
    holderRef: string,
    required: false,
    lock?: boolean,
  ): Promise<Booking | null>;
  private async latestOf(
    tx: EntityManager,
    holderRef: string,
    required = true,
    lock = true,
  ): Promise<Booking | null> {
    const query = tx.getRepository(Booking).createQueryBuilder('b');
    if (lock) query.setLock('pessimistic_write');
    const booking = await query
      .where('b.holder_ref = :holderRef', { holderRef })
      .orderBy("b.status IN ('held', 'confirmed')", 'DESC')
      .addOrderBy('b.created_at', 'DESC')
      .limit(1)
      .getOne();
    if (!booking && required)
      throw new CatalogError('NOT_FOUND', `${holderRef} has no booking.`, 'holderRef');
    return booking;
  }

  /** The booking's ente, once the caller may act on it there (else NOT_FOUND: no one learns of others' bookings). */
  private async enteOf(
    ctx: RequestContext,
    booking: Booking,
    permission: 'cases:read' | 'cases:write' = 'cases:write',
  ): Promise<Ente> {
    const [ente] = await this.enti.findByIds(ctx, [booking.enteId]);
    if (!ente) throw new CatalogError('NOT_FOUND', `${booking.holderRef} has no booking.`, 'holderRef');
    if (!can(ctx.actor, permission, ente.ipaCode))
      throw new CatalogError('NOT_FOUND', `${booking.holderRef} has no booking.`, 'holderRef');
    return ente;
  }

  private async move(
    tx: EntityManager,
    ctx: RequestContext,
    ente: Ente,
    booking: Booking,
    status: BookingStatus,
    action: string,
  ): Promise<Booking> {
    await tx
      .getRepository(Booking)
      .update({ id: booking.id }, { status, holdExpiresAt: null, updatedAt: () => 'now()' });
    const moved = await tx.getRepository(Booking).findOneByOrFail({ id: booking.id });
    await this.audited(tx, ctx, ente, moved, booking.status, action);
    return moved;
  }

  private async audited(
    tx: EntityManager,
    ctx: RequestContext,
    ente: Ente,
    booking: Booking,
    before: BookingStatus | null,
    action: string,
  ): Promise<void> {
    await this.audit.recordStep(
      tx,
      ctx,
      {
        action,
        entity: 'Booking',
        entityId: booking.id,
        enteCode: ente.ipaCode,
        before: before ? { status: before } : null,
        after: {
          status: booking.status,
          holderRef: booking.holderRef,
          slotStart: booking.slotStart,
          holdExpiresAt: booking.holdExpiresAt,
        },
      },
      // One entry per move; holds are keyed by their deadline too, as a hold may be extended.
      `booking/${booking.id}/${booking.status}${booking.status === 'held' ? `/${booking.holdExpiresAt!.toISOString()}` : ''}`,
    );
  }

  private async viewOf(tx: EntityManager, ente: Ente, booking: Booking): Promise<BookingView> {
    const resource = await tx.getRepository(BookingResource).findOneByOrFail({ id: booking.resourceId });
    return this.view(ente, resource, booking);
  }

  private view(ente: Ente, resource: BookingResource, booking: Booking): BookingView {
    return {
      id: booking.id,
      enteCode: ente.ipaCode,
      resourceCode: resource.code,
      holderRef: booking.holderRef,
      status: booking.status,
      slot: localSlot(booking),
      slotStart: booking.slotStart,
      slotEnd: booking.slotEnd,
      holdExpiresAt: booking.holdExpiresAt,
    };
  }
}

function checkCalendar(input: unknown): BookingCalendar {
  try {
    return checkBookingCalendar(input);
  } catch (error) {
    if (error instanceof DomainError) {
      const field = domainErrorField(error);
      throw new CatalogError(error.code, error.message, field === 'calendar' ? field : `calendar.${field}`);
    }
    throw error;
  }
}

function checkRange<T>(run: () => T): T {
  try {
    return run();
  } catch (error) {
    if (error instanceof DomainError)
      throw new CatalogError(error.code, error.message, domainErrorField(error));
    throw error;
  }
}

/** The constraint a unique (23505) or exclusion (23P01) violation names; undefined for other errors. */
function uniqueViolation(error: unknown): string | undefined {
  const driverError =
    (error as { driverError?: { code?: string; constraint?: string } }).driverError ?? error;
  const { code, constraint } = (driverError ?? {}) as { code?: string; constraint?: string };
  return code === '23505' || code === '23P01' ? (constraint ?? '') : undefined;
}

/** The slot in Italian wall-clock time; a slot ending at midnight ends at 24:00 of its day. */
function localSlot(booking: Booking): BookingSlot {
  const date = civilDateInRome(booking.slotStart);
  const end = minuteOfDayInRome(booking.slotEnd);
  return {
    date,
    start: localTimeOfMinutes(minuteOfDayInRome(booking.slotStart)),
    end: localTimeOfMinutes(end === 0 && civilDateInRome(booking.slotEnd) !== date ? 1440 : end),
  };
}
