import { caseWorkflowId } from '@sus/contracts';
import { dataOf, firstError } from '../support/graphql';
import { PERSONA_CLAIMS } from '../support/identity';
import { PaymentsStack, TRIESTE } from '../support/payments-stack';
import {
  CaseDriver,
  citizenClaims,
  inBatches,
  publishShortMarriage,
  testCitizen,
  type TestPerson,
} from '../support/cases';

const CITIZENS = 50;

describe('fifty citizens booking the same wedding hall slot at once', () => {
  const stack = new PaymentsStack();
  const driver = new CaseDriver(stack);
  /** Citizen i marries partner i; both are parties of case i only. */
  const citizens: TestPerson[] = Array.from({ length: CITIZENS }, (_, i) => testCitizen(i));
  const partners: TestPerson[] = Array.from({ length: CITIZENS }, (_, i) => testCitizen(CITIZENS + i));
  const who = (i: number) => `citizen${i}`;

  beforeAll(async () => {
    await stack.start();
    await publishShortMarriage(stack);
    await driver.signIn('statoCivile', PERSONA_CLAIMS.operatorX);
    for (const [i, person] of citizens.entries()) await driver.signIn(who(i), citizenClaims(person));
  }, 240_000);

  afterAll(() => stack.stop(), 60_000);

  it('gives the slot to exactly one; the others are told to pick another and can', async () => {
    expect(new Set(citizens.map((person) => person.fiscalCode)).size).toBe(CITIZENS);
    // Each case through its form and the office's approval of the pubblicazioni (50 staff decisions).
    const caseNumbers = await inBatches([...citizens.keys()], 10, (i) =>
      driver.startAtBooking(who(i), [citizens[i]!, partners[i]!], 'statoCivile'),
    );
    const slots = await driver.availableSlots(caseNumbers[0]!, who(0));
    expect(slots.length).toBeGreaterThan(1);
    const [wanted, other] = slots as [(typeof slots)[0], (typeof slots)[0]];

    const answers = await Promise.all(
      caseNumbers.map((caseNumber, i) => driver.bookSlot(caseNumber, wanted, who(i))),
    );

    const winners = answers.flatMap((answer, i) => (answer.errors ? [] : [i]));
    expect(winners).toHaveLength(1);
    const winner = winners[0]!;
    const losers = caseNumbers.map((_, i) => i).filter((i) => i !== winner);
    for (const i of losers) {
      const refusal = answers[i]!;
      expect(firstError(refusal.errors).code).toBe('SLOT_TAKEN');
      expect(refusal.errors?.[0]?.message).toMatch(/choose another slot/);
      expect(refusal.data?.bookSlot ?? null).toBeNull();
    }
    expect(dataOf(answers[winner]!).bookSlot.booking).toMatchObject({ ...wanted, status: 'held' });

    // The winner's case holds the slot and moves on to the fee; the others still wait for a booking.
    const won = await driver.untilStep(caseNumbers[winner]!, 'pagamento', 'payment', who(winner));
    expect(won.booking).toMatchObject({ ...wanted, status: 'held' });
    await inBatches(losers, 10, async (i) => {
      const waiting = await driver.getCase(caseNumbers[i]!, who(i));
      expect(waiting.currentStep).toMatchObject({ id: 'prenotazione', awaiting: 'citizenBooking' });
      expect(waiting.booking).toBeNull();
      expect(waiting.timeline.map((entry) => entry.kind)).not.toContain('slotHeld');
    });

    // One active booking in the database, the winner's: the constraint held under the race.
    const active = (await stack.sql.query(
      `SELECT holder_ref FROM booking WHERE status IN ('held', 'confirmed')`,
    )) as { holder_ref: string }[];
    expect(active).toEqual([{ holder_ref: caseWorkflowId(TRIESTE.code, caseNumbers[winner]!) }]);

    // A loser no longer sees the taken slot, and books another one.
    const loser = losers[0]!;
    const left = await driver.availableSlots(caseNumbers[loser]!, who(loser));
    expect(left).not.toContainEqual(wanted);
    expect(left).toContainEqual(other);
    const rebooked = dataOf(await driver.bookSlot(caseNumbers[loser]!, other, who(loser))).bookSlot;
    expect(rebooked.booking).toMatchObject({ ...other, status: 'held' });
    await driver.untilStep(caseNumbers[loser]!, 'pagamento', 'payment', who(loser));
  }, 600_000);
});
