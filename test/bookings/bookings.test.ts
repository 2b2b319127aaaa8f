import { randomUUID } from 'node:crypto';
import {
  AuditLog,
  Bookings,
  catalogDataSourceOptions,
  EntiService,
  seedCatalog,
  systemContext,
  type HoldSlotInput,
  type RequestContext,
} from '@sus/catalog';
import { createBusinessCalendar, orgFiscalCodeCheckDigit, type BookingCalendar } from '@sus/domain';
import { DataSource } from 'typeorm';
import { createTestDatabase, type TestDatabase } from '../support/database';

const WEEKDAYS_10_TO_12: BookingCalendar = {
  slotMinutes: 60,
  weekly: [1, 2, 3, 4, 5].map((weekday) => ({ weekday, opens: '10:00', closes: '12:00' })),
  closedOn: [],
  closedOnHolidays: true,
};
// 2030-03-04 is a Monday; 2030-04-25 (Liberazione) a Thursday.
const MONDAY = '2030-03-04';
const withCode = (code: string) => expect.objectContaining({ code });
const staffOf = (enteCode: string, role: 'operator' | 'modeller' = 'operator'): RequestContext => ({
  requestId: `test/${randomUUID()}`,
  actor: { kind: 'staff', userId: randomUUID(), name: 'Test', roles: [{ enteCode, role }] },
});

/** Bookable resources and slot holds against a real Postgres: the slot index decides every race. */
describe('bookings (Postgres)', () => {
  let db: TestDatabase;
  let dataSource: DataSource;
  let enti: EntiService;
  let bookings: Bookings;
  const ctx = systemContext('test');

  beforeAll(async () => {
    db = await createTestDatabase();
    dataSource = await new DataSource(catalogDataSourceOptions(db.url, 20)).initialize();
    enti = new EntiService(dataSource);
    bookings = new Bookings(dataSource, enti, new AuditLog(dataSource, 'test-key'));
    await seedCatalog(dataSource);
  });

  afterAll(async () => {
    await dataSource?.destroy();
    await db?.drop();
  });

  const newComune = async () => {
    const suffix = randomUUID().slice(0, 8);
    const tenDigits = String(Math.floor(Math.random() * 1e10)).padStart(10, '0');
    return enti.save(ctx, {
      ipaCode: `c_b${suffix}`,
      type: 'comune',
      name: `Comune di Prova ${suffix}`,
      fiscalCode: `${tenDigits}${orgFiscalCodeCheckDigit(tenDigits)}`,
      regionCode: 'r_friuve',
    });
  };

  /** A fresh ente with one resource, so each test owns its slots. */
  const newResource = async (code = 'SALA') => {
    const ente = await newComune();
    await bookings.saveResource(ctx, ente.ipaCode, {
      code,
      name: 'Sala consiliare',
      calendar: WEEKDAYS_10_TO_12,
    });
    return { enteCode: ente.ipaCode, resourceCode: code };
  };

  const inOneHour = () => new Date(Date.now() + 3_600_000);
  const holdInput = (
    resource: { enteCode: string; resourceCode: string },
    overrides: Partial<HoldSlotInput> = {},
  ): HoldSlotInput => ({
    ...resource,
    date: MONDAY,
    start: '10:00',
    holderRef: `case/${resource.enteCode}/${randomUUID()}`,
    holdUntil: inOneHour(),
    ...overrides,
  });

  const activeOnSlot = async (enteCode: string, slotStart: string) =>
    Number(
      (
        (await dataSource.query(
          `SELECT count(*) AS n FROM booking b JOIN ente e ON e.id = b.ente_id
            WHERE e.ipa_code = $1 AND b.slot_start = $2 AND b.status IN ('held', 'confirmed')`,
          [enteCode, slotStart],
        )) as { n: string }[]
      )[0]!.n,
    );

  const auditActions = async (entityId: string) =>
    (
      (await dataSource.query(`SELECT action, ente_code FROM audit_log WHERE entity_id = $1 ORDER BY id`, [
        entityId,
      ])) as { action: string; ente_code: string }[]
    ).map((row) => `${row.action} ${row.ente_code}`);

  it("seeds Trieste's wedding hall, open weekdays 10-12 and Saturday 10-13, closed on holidays", async () => {
    const hall = await bookings.resourceByCode(ctx, 'c_l424', 'SALA-MATRIMONI');
    expect(hall).toMatchObject({
      name: 'Sala matrimoni del Municipio',
      location: "Piazza dell'Unità d'Italia 4, Trieste",
      active: true,
      calendar: { slotMinutes: 60, closedOnHolidays: true },
    });
    const week = await bookings.availableSlots(ctx, 'c_l424', 'SALA-MATRIMONI', MONDAY, '2030-03-10');
    expect(week).toHaveLength(5 * 2 + 3);
    expect(week.at(-1)).toEqual({ date: '2030-03-09', start: '12:00', end: '13:00' });
    expect(
      await bookings.availableSlots(ctx, 'c_l424', 'SALA-MATRIMONI', '2030-04-25', '2030-04-25'),
    ).toEqual([]);
    // San Giusto closes the hall only when the ente's holidays are passed in.
    const withPatron = createBusinessCalendar({ enteHolidays: [{ month: 11, day: 3, name: 'San Giusto' }] });
    expect(
      await bookings.availableSlots(ctx, 'c_l424', 'SALA-MATRIMONI', '2031-11-03', '2031-11-03'),
    ).toHaveLength(2);
    expect(
      await bookings.availableSlots(ctx, 'c_l424', 'SALA-MATRIMONI', '2031-11-03', '2031-11-03', withPatron),
    ).toEqual([]);
    // Seeding again adds nothing.
    expect(await seedCatalog(dataSource)).toMatchObject({ bookingResources: 0 });
    expect((await bookings.resources(ctx, 'c_l424')).map((resource) => resource.code)).toEqual([
      'SALA-MATRIMONI',
      'UFFICIO-CIE',
    ]);
  });

  it('lets exactly one of 50 concurrent holders take a slot; the others get SLOT_TAKEN', async () => {
    const resource = await newResource();
    const results = await Promise.allSettled(
      Array.from({ length: 50 }, () => bookings.hold(ctx, holdInput(resource))),
    );
    const won = results.filter((r) => r.status === 'fulfilled');
    const lost = results.filter((r): r is PromiseRejectedResult => r.status === 'rejected');
    expect(won).toHaveLength(1);
    expect(lost).toHaveLength(49);
    for (const failure of lost) {
      expect(failure.reason).toMatchObject({ name: 'CatalogError', code: 'SLOT_TAKEN', field: 'start' });
      expect((failure.reason as Error).message).toMatch(/choose another slot/);
    }
    expect(await activeOnSlot(resource.enteCode, '2030-03-04T09:00:00Z')).toBe(1);
    const slots = await bookings.availableSlots(ctx, resource.enteCode, 'SALA', MONDAY, MONDAY);
    expect(slots.map((s) => s.start)).toEqual(['11:00']);
  });

  it('gives a retried hold the same booking, even when the retries race', async () => {
    const resource = await newResource();
    const input = holdInput(resource);
    const first = await bookings.hold(ctx, input);
    expect(first).toMatchObject({
      status: 'held',
      holderRef: input.holderRef,
      resourceCode: 'SALA',
      enteCode: resource.enteCode,
      slot: { date: MONDAY, start: '10:00', end: '11:00' },
      slotStart: new Date('2030-03-04T09:00:00Z'),
      slotEnd: new Date('2030-03-04T10:00:00Z'),
    });
    expect((await bookings.hold(ctx, input)).id).toBe(first.id);

    const racing = holdInput(resource, { start: '11:00' });
    const ids = await Promise.all(
      Array.from({ length: 8 }, () => bookings.hold(ctx, racing).then((b) => b.id)),
    );
    expect(new Set(ids).size).toBe(1);

    // Asking again later extends the hold (never shortens it), on the same booking.
    const later = new Date(input.holdUntil.getTime() + 60_000);
    expect(await bookings.hold(ctx, { ...input, holdUntil: later })).toMatchObject({
      id: first.id,
      holdExpiresAt: later,
    });
    expect(await bookings.hold(ctx, input)).toMatchObject({ id: first.id, holdExpiresAt: later });
    expect(await auditActions(first.id)).toEqual([
      `booking.held ${resource.enteCode}`,
      `booking.holdExtended ${resource.enteCode}`,
    ]);
    expect(await auditActions(ids[0]!)).toEqual([`booking.held ${resource.enteCode}`]);
  });

  it("takes over another holder's expired hold, which can then no longer be confirmed", async () => {
    const resource = await newResource();
    const late = await bookings.hold(ctx, holdInput(resource));
    const rival = holdInput(resource);
    await expect(bookings.hold(ctx, rival)).rejects.toThrow(withCode('SLOT_TAKEN'));
    await dataSource.query(`UPDATE booking SET hold_expires_at = now() - interval '1 second' WHERE id = $1`, [
      late.id,
    ]);
    // An expired hold counts as free.
    expect(
      (await bookings.availableSlots(ctx, resource.enteCode, 'SALA', MONDAY, MONDAY)).map((s) => s.start),
    ).toEqual(['10:00', '11:00']);
    const taken = await bookings.hold(ctx, rival);
    expect(taken).toMatchObject({ status: 'held', holderRef: rival.holderRef });
    expect(await bookings.bookingOf(ctx, late.holderRef)).toMatchObject({ id: late.id, status: 'released' });
    await expect(bookings.confirm(ctx, late.holderRef)).rejects.toThrow(withCode('BOOKING_NOT_HELD'));
    expect(await auditActions(late.id)).toEqual([
      `booking.held ${resource.enteCode}`,
      `booking.holdExpired ${resource.enteCode}`,
    ]);
    expect(await activeOnSlot(resource.enteCode, '2030-03-04T09:00:00Z')).toBe(1);
  });

  it('frees a released slot for the next holder; release is idempotent', async () => {
    const resource = await newResource();
    const input = holdInput(resource);
    const held = await bookings.hold(ctx, input);
    const released = await bookings.release(ctx, input.holderRef);
    expect(released).toMatchObject({ id: held.id, status: 'released', holdExpiresAt: null });
    expect(await bookings.release(ctx, input.holderRef)).toMatchObject({ id: held.id, status: 'released' });
    expect(await bookings.release(ctx, 'case/nobody/1')).toBeNull();
    expect(await bookings.bookingOf(ctx, 'case/nobody/1')).toBeNull();
    expect((await bookings.availableSlots(ctx, resource.enteCode, 'SALA', MONDAY, MONDAY))[0]?.start).toBe(
      '10:00',
    );
    await expect(bookings.hold(ctx, holdInput(resource))).resolves.toMatchObject({ status: 'held' });
    expect(await auditActions(held.id)).toEqual([
      `booking.held ${resource.enteCode}`,
      `booking.released ${resource.enteCode}`,
    ]);
  });

  it('keeps a confirmed slot: no one takes it, even long after the hold would have expired', async () => {
    const resource = await newResource();
    const input = holdInput(resource);
    const held = await bookings.hold(ctx, input);
    const confirmed = await bookings.confirm(ctx, input.holderRef);
    expect(confirmed).toMatchObject({ id: held.id, status: 'confirmed', holdExpiresAt: null });
    expect(await bookings.confirm(ctx, input.holderRef)).toMatchObject({ id: held.id, status: 'confirmed' });
    await expect(bookings.hold(ctx, holdInput(resource))).rejects.toThrow(withCode('SLOT_TAKEN'));
    await expect(bookings.hold(ctx, { ...input, start: '11:00' })).rejects.toThrow(
      withCode('BOOKING_CONFIRMED'),
    );
    expect(await bookings.bookingOf(ctx, input.holderRef)).toMatchObject({
      id: held.id,
      status: 'confirmed',
    });
    expect(await auditActions(held.id)).toEqual([
      `booking.held ${resource.enteCode}`,
      `booking.confirmed ${resource.enteCode}`,
    ]);
  });

  it("moves a holder to another slot, and keeps its hold when the other slot is someone else's", async () => {
    const resource = await newResource();
    const input = holdInput(resource);
    const first = await bookings.hold(ctx, input);
    const other = await bookings.hold(ctx, holdInput(resource, { date: '2030-03-05' }));
    await expect(bookings.hold(ctx, { ...input, date: '2030-03-05' })).rejects.toThrow(
      withCode('SLOT_TAKEN'),
    );
    expect(await bookings.bookingOf(ctx, input.holderRef)).toMatchObject({ id: first.id, status: 'held' });

    const moved = await bookings.hold(ctx, { ...input, start: '11:00' });
    expect(moved.id).not.toBe(first.id);
    expect(await bookings.bookingOf(ctx, input.holderRef)).toMatchObject({
      id: moved.id,
      slot: { start: '11:00' },
    });
    const free = await bookings.availableSlots(ctx, resource.enteCode, 'SALA', MONDAY, '2030-03-05');
    expect(free.map((s) => `${s.date} ${s.start}`)).toEqual(['2030-03-04 10:00', '2030-03-05 11:00']);
    expect(other.status).toBe('held');
  });

  it('keeps a booking made on an older slot grid: overlapping slots of the new grid are taken', async () => {
    const resource = await newResource();
    const hourly = await bookings.hold(ctx, holdInput(resource)); // 10:00-11:00
    const expiring = await bookings.hold(ctx, holdInput(resource, { start: '11:00' })); // 11:00-12:00
    await dataSource.query(`UPDATE booking SET hold_expires_at = now() - interval '1 second' WHERE id = $1`, [
      expiring.id,
    ]);
    await bookings.saveResource(ctx, resource.enteCode, {
      code: 'SALA',
      name: 'Sala consiliare',
      calendar: { ...WEEKDAYS_10_TO_12, slotMinutes: 30 },
    });
    const free = await bookings.availableSlots(ctx, resource.enteCode, 'SALA', MONDAY, MONDAY);
    expect(free.map((s) => s.start)).toEqual(['11:00', '11:30']);
    await expect(bookings.hold(ctx, holdInput(resource, { start: '10:30' }))).rejects.toThrow(
      withCode('SLOT_TAKEN'),
    );
    // The expired hourly hold is released for a half-hour slot it covers.
    await expect(bookings.hold(ctx, holdInput(resource, { start: '11:30' }))).resolves.toMatchObject({
      status: 'held',
      slot: { start: '11:30', end: '12:00' },
    });
    expect(await bookings.bookingOf(ctx, expiring.holderRef)).toMatchObject({ status: 'released' });
    expect(await bookings.bookingOf(ctx, hourly.holderRef)).toMatchObject({ status: 'held' });
  });

  it.each([
    ['a Sunday', { date: '2030-03-10' }],
    ['a national holiday', { date: '2030-04-25' }],
    ['after closing time', { start: '12:00' }],
    ['off the slot grid', { start: '10:30' }],
    ['in the past', { date: '2020-03-02' }],
  ])('refuses a slot %s with SLOT_NOT_OFFERED and writes nothing', async (_what, overrides) => {
    const resource = await newResource();
    const input = holdInput(resource, overrides);
    await expect(bookings.hold(ctx, input)).rejects.toThrow(withCode('SLOT_NOT_OFFERED'));
    expect(await bookings.bookingOf(ctx, input.holderRef)).toBeNull();
  });

  it('refuses bad input with the field to fix and writes nothing', async () => {
    const resource = await newResource();
    await expect(
      bookings.hold(ctx, holdInput(resource, { holdUntil: new Date(Date.now() - 1000) })),
    ).rejects.toThrow(expect.objectContaining({ code: 'BAD_USER_INPUT', field: 'holdUntil' }));
    await expect(bookings.hold(ctx, holdInput(resource, { date: '2030-02-30' }))).rejects.toThrow(
      expect.objectContaining({ code: 'INVALID_DATE', field: 'date' }),
    );
    await expect(bookings.hold(ctx, holdInput(resource, { resourceCode: 'NOPE' }))).rejects.toThrow(
      expect.objectContaining({ code: 'NOT_FOUND', field: 'resourceCode' }),
    );
    await expect(
      bookings.saveResource(ctx, resource.enteCode, {
        code: 'BROKEN',
        name: 'Sala',
        calendar: { ...WEEKDAYS_10_TO_12, weekly: [{ weekday: 1, opens: '10:00', closes: '11:30' }] },
      }),
    ).rejects.toThrow(expect.objectContaining({ code: 'BAD_USER_INPUT', field: 'calendar.weekly.0.closes' }));
    await expect(
      bookings.saveResource(ctx, resource.enteCode, {
        code: 'no spaces',
        name: 'Sala',
        calendar: WEEKDAYS_10_TO_12,
      }),
    ).rejects.toThrow(expect.objectContaining({ code: 'BAD_USER_INPUT', field: 'code' }));
    await expect(
      bookings.availableSlots(ctx, resource.enteCode, 'SALA', '2030-03-05', MONDAY),
    ).rejects.toThrow(expect.objectContaining({ code: 'INVALID_DATE', field: 'to' }));
    expect((await bookings.resources(ctx, resource.enteCode)).map((r) => r.code)).toEqual(['SALA']);
  });

  it('updates a resource in place; an inactive one offers nothing', async () => {
    const resource = await newResource();
    const before = await bookings.resourceByCode(ctx, resource.enteCode, 'SALA');
    const saved = await bookings.saveResource(ctx, resource.enteCode, {
      code: 'SALA',
      name: 'Sala consiliare (chiusa)',
      calendar: WEEKDAYS_10_TO_12,
      active: false,
    });
    expect(saved).toMatchObject({ id: before!.id, active: false, name: 'Sala consiliare (chiusa)' });
    expect(await bookings.availableSlots(ctx, resource.enteCode, 'SALA', MONDAY, MONDAY)).toEqual([]);
    await expect(bookings.hold(ctx, holdInput(resource))).rejects.toThrow(withCode('SLOT_NOT_OFFERED'));
  });

  it('keeps each ente to its own resources and bookings', async () => {
    const a = await newResource('SALA');
    const b = await newResource('SALA');
    // The same code and slot in two enti are two different slots.
    const inA = await bookings.hold(ctx, holdInput(a));
    const inB = await bookings.hold(ctx, holdInput(b));
    expect(inA.enteCode).toBe(a.enteCode);
    expect(inB.enteCode).toBe(b.enteCode);

    const staffOfB = staffOf(b.enteCode);
    await expect(bookings.hold(staffOfB, holdInput(a))).rejects.toThrow(withCode('FORBIDDEN'));
    await expect(bookings.bookingOf(staffOfB, inA.holderRef)).rejects.toThrow(withCode('NOT_FOUND'));
    await expect(bookings.release(staffOfB, inA.holderRef)).rejects.toThrow(withCode('NOT_FOUND'));
    await expect(bookings.confirm(staffOfB, inA.holderRef)).rejects.toThrow(withCode('NOT_FOUND'));
    expect(await bookings.bookingOf(ctx, inA.holderRef)).toMatchObject({ status: 'held' });
    // Staff of the ente itself may work its bookings.
    expect(await bookings.release(staffOf(a.enteCode), inA.holderRef)).toMatchObject({ status: 'released' });

    await expect(
      bookings.saveResource(staffOf(b.enteCode, 'modeller'), a.enteCode, {
        code: 'INTRUSO',
        name: 'Sala',
        calendar: WEEKDAYS_10_TO_12,
      }),
    ).rejects.toThrow(withCode('FORBIDDEN'));
    await expect(
      bookings.saveResource(staffOf(a.enteCode, 'modeller'), a.enteCode, {
        code: 'SALA-2',
        name: 'Sala piccola',
        calendar: WEEKDAYS_10_TO_12,
      }),
    ).resolves.toMatchObject({ code: 'SALA-2' });
    expect((await bookings.resources(ctx, b.enteCode)).map((r) => r.code)).toEqual(['SALA']);
  });
});
