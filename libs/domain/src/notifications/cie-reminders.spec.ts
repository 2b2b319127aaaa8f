import fc from 'fast-check';
import {
  addDays,
  checkIdentityDocumentLine,
  checkReminderThresholds,
  cieBookingUrl,
  cieReminderVariables,
  DEFAULT_CIE_REMINDER_TEMPLATE,
  DEFAULT_REMINDER_THRESHOLDS,
  dueReminderThreshold,
  fromEpochDay,
  rejectDuplicateDocuments,
  renderMessage,
  toEpochDay,
} from '@sus/domain';

const PROPERTY_RUNS = { numRuns: 100 };
const withCode = (code: string) => expect.objectContaining({ name: 'DomainError', code });

const civilDate = fc
  .integer({ min: toEpochDay('2024-01-01'), max: toEpochDay('2035-12-31') })
  .map((day) => fromEpochDay(day));
const thresholdSet = fc
  .uniqueArray(fc.integer({ min: 1, max: 180 }), { minLength: 1, maxLength: 4 })
  .map((days) => checkReminderThresholds(days));

/** Runs the rule once a day from `from` for `days` days, on the days `runs` says; answers what was sent, in order. */
function simulate(
  expiry: string,
  from: string,
  days: number,
  thresholds: number[],
  runs: (day: number) => boolean,
) {
  const sent: number[] = [];
  const log: { day: string; threshold: number }[] = [];
  for (let day = 0; day < days; day += 1) {
    if (!runs(day)) continue;
    const today = addDays(from, day);
    const due = dueReminderThreshold(expiry, today, thresholds, sent);
    if (due !== null) {
      sent.push(due);
      log.push({ day: today, threshold: due });
    }
  }
  return log;
}

describe('checkReminderThresholds', () => {
  it('orders the thresholds most distant first', () => {
    expect(checkReminderThresholds([30, 90])).toEqual([90, 30]);
    expect(checkReminderThresholds(DEFAULT_REMINDER_THRESHOLDS)).toEqual([90, 30]);
  });

  it.each([[[]], [[0]], [[181]], [[30, 30]], [[1.5]], [[1, 2, 3, 4, 5]]])('refuses %j', (days) => {
    expect(() => checkReminderThresholds(days)).toThrow(withCode('INVALID_REMINDER_THRESHOLDS'));
  });
});

describe('dueReminderThreshold', () => {
  it('sends the 90-day reminder 90 days before expiry and the 30-day one 30 days before, nothing else', () => {
    const log = simulate('2027-06-30', '2027-01-01', 365, [90, 30], () => true);
    expect(log).toEqual([
      { day: addDays('2027-06-30', -90), threshold: 90 },
      { day: addDays('2027-06-30', -30), threshold: 30 },
    ]);
  });

  it('catches up a missed 90-day reminder only while the card is still before its 30-day threshold', () => {
    // Paused from 100 to 40 days before expiry: the 90-day reminder goes out on resuming.
    expect(
      simulate('2027-06-30', '2027-01-01', 365, [90, 30], (day) => {
        const left = 180 - day;
        return left > 100 || left < 40;
      }).map((entry) => entry.threshold),
    ).toEqual([90, 30]);
    // Paused until 20 days before expiry: only the 30-day reminder, once.
    expect(
      simulate('2027-06-30', '2027-01-01', 365, [90, 30], (day) => 180 - day < 20).map((e) => e.threshold),
    ).toEqual([30]);
  });

  it('sends nothing for a card already expired, and nothing less urgent after a more urgent one', () => {
    expect(dueReminderThreshold('2027-01-01', '2027-01-02', [90, 30], [])).toBeNull();
    expect(dueReminderThreshold('2027-01-10', '2027-01-10', [90, 30], [])).toBe(30);
    // The ente moved from [90, 30] to [60] after the 30-day reminder went out.
    expect(dueReminderThreshold('2027-01-10', '2026-12-31', [60], [30])).toBeNull();
  });

  it('never sends a threshold twice, never one not configured, and always the most urgent one reached', () => {
    fc.assert(
      fc.property(civilDate, thresholdSet, fc.func(fc.boolean()), (expiry, thresholds, runs) => {
        const from = addDays(expiry, -400);
        const log = simulate(expiry, from, 420, thresholds, (day) => runs(day));
        const sent = log.map((entry) => entry.threshold);
        expect(new Set(sent).size).toBe(sent.length);
        for (const entry of log) {
          expect(thresholds).toContain(entry.threshold);
          const left = toEpochDay(expiry) - toEpochDay(entry.day);
          expect(left).toBeGreaterThanOrEqual(0);
          expect(left).toBeLessThanOrEqual(entry.threshold);
          // No tighter threshold was reached yet: the reminder says the truth about urgency.
          expect(thresholds.filter((t) => t < entry.threshold && left <= t)).toEqual([]);
        }
        // Strictly more urgent each time.
        expect([...sent].sort((a, b) => b - a)).toEqual(sent);
      }),
      PROPERTY_RUNS,
    );
  });

  it('with a run every day, sends every threshold exactly once, on its day', () => {
    fc.assert(
      fc.property(civilDate, thresholdSet, (expiry, thresholds) => {
        const from = addDays(expiry, -400);
        const log = simulate(expiry, from, 420, thresholds, () => true);
        expect(log).toEqual(thresholds.map((t) => ({ day: addDays(expiry, -t), threshold: t })));
      }),
      PROPERTY_RUNS,
    );
  });
});

describe('checkIdentityDocumentLine', () => {
  const good = {
    line: 2,
    fiscalCode: ' rssmra80a01l424f ',
    documentNumber: 'ca 00000aa',
    expiryDate: '31/12/2027',
    email: 'mario.rossi@example.it',
  };

  it('normalises a good line', () => {
    expect(checkIdentityDocumentLine(good).row).toEqual({
      line: 2,
      fiscalCode: 'RSSMRA80A01L424F',
      documentNumber: 'CA00000AA',
      expiryDate: '2027-12-31',
      email: 'mario.rossi@example.it',
    });
    expect(
      checkIdentityDocumentLine({ ...good, email: ' ', expiryDate: '2027-12-31' }).row?.email,
    ).toBeNull();
  });

  it('reports every problem of a line, with its field and code', () => {
    const result = checkIdentityDocumentLine({
      line: 7,
      fiscalCode: 'RSSMRA80A01L424X',
      documentNumber: '',
      expiryDate: '2027-02-30',
      email: 'not-an-address',
    });
    expect(result.problems?.map((p) => [p.line, p.field, p.code])).toEqual([
      [7, 'fiscal_code', 'INVALID_FISCAL_CODE'],
      [7, 'document_number', 'BAD_USER_INPUT'],
      [7, 'expiry_date', 'INVALID_DATE'],
      [7, 'email', 'INVALID_EMAIL'],
    ]);
  });

  it("refuses a body's 11-digit fiscal code: a card belongs to a person", () => {
    expect(checkIdentityDocumentLine({ ...good, fiscalCode: '00210240321' }).problems?.[0]?.code).toBe(
      'INVALID_FISCAL_CODE',
    );
  });
});

describe('rejectDuplicateDocuments', () => {
  it('rejects every line of a document that appears twice, and keeps the others', () => {
    const row = (line: number, documentNumber: string) => ({
      line,
      fiscalCode: 'RSSMRA80A01L424F',
      documentNumber,
      expiryDate: '2027-12-31',
      email: null,
    });
    const result = rejectDuplicateDocuments([row(2, 'CA1'), row(3, 'CA2'), row(4, 'CA1')]);
    expect(result.rows.map((r) => r.line)).toEqual([3]);
    expect(result.rejected.map((r) => [r.line, r.code])).toEqual([
      [2, 'DUPLICATE_DOCUMENT'],
      [4, 'DUPLICATE_DOCUMENT'],
    ]);
  });
});

describe('DEFAULT_CIE_REMINDER_TEMPLATE', () => {
  it('renders within App IO limits in Italian and English, with the date and the booking link', () => {
    const variables = cieReminderVariables({
      documentNumber: 'CA00000AA',
      expiryDate: '2027-12-31',
      today: '2027-10-02',
      bookingUrl: 'https://portale.example.it/prenotazioni/c_l424/servizio/CIE',
    });
    const it = renderMessage(DEFAULT_CIE_REMINDER_TEMPLATE, variables, 'it');
    expect(it.subject).toBe('La tua carta di identità scade il 31/12/2027');
    expect(it.markdown).toContain('tra 90 giorni');
    expect(it.markdown).toContain('(https://portale.example.it/prenotazioni/c_l424/servizio/CIE)');
    expect(renderMessage(DEFAULT_CIE_REMINDER_TEMPLATE, variables, 'en').subject).toBe(
      'Your identity card expires on 31/12/2027',
    );
  });
});

describe(cieBookingUrl.name, () => {
  const trieste = {
    portalUrl: 'https://portale.example.it/',
    enteCode: 'c_l424',
    serviceCode: 'CIE',
    bookingUrl: null,
  };

  it("opens SUS's booking page of the CIE service, on the ente's resource for the card when it has one", () => {
    expect(cieBookingUrl(trieste)).toBe('https://portale.example.it/prenotazioni/c_l424/servizio/CIE');
    expect(cieBookingUrl({ ...trieste, bookingResourceCode: 'UFFICIO-CIE' })).toBe(
      'https://portale.example.it/prenotazioni/c_l424/servizio/CIE?risorsa=UFFICIO-CIE',
    );
    expect(cieBookingUrl({ ...trieste, serviceCode: null, bookingResourceCode: 'UFFICIO-CIE' })).toBe(
      'https://portale.example.it/prenotazioni/c_l424?risorsa=UFFICIO-CIE',
    );
  });

  it("prefers the ente's own booking address", () => {
    expect(
      cieBookingUrl({
        ...trieste,
        bookingUrl: 'https://agendacie.interno.gov.it',
        bookingResourceCode: 'UFFICIO-CIE',
      }),
    ).toBe('https://agendacie.interno.gov.it');
  });
});
