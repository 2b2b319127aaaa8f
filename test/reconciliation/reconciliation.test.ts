import { Readable } from 'node:stream';
import { DataSource } from 'typeorm';
import {
  AuditLog,
  catalogDataSourceOptions,
  EntiService,
  PaymentRepository,
  ReconciliationService,
  seedCatalog,
  settlementFlowXml,
  systemContext,
  type PaymentTransferSnapshot,
  type SettlementFlowHeader,
  type SettlementFlowLine,
} from '@sus/catalog';
import { AccessDeniedError } from '@sus/domain';
import { createTestDatabase, type TestDatabase } from '../support/database';

const ENTE = 'c_l424';
const FISCAL_CODE = '00210240321';
const PAID_AT = '2026-11-20T10:00:00.000Z';
/** Well past every window: whatever is missing is an anomaly, not "not yet". */
const AS_OF = new Date('2026-12-31T12:00:00Z');

const notice = (n: number) => `3${String(n).padStart(17, '0')}`;
const iuvOf = (n: number) => notice(n).slice(1);

function flowHeader(flowId: string, lines: SettlementFlowLine[], extra: Partial<SettlementFlowHeader> = {}) {
  return {
    flowId,
    revision: 1,
    flowDate: '2026-11-22T08:00:00.000Z',
    regulationId: `SCT-${flowId}`,
    regulationDate: '2026-11-21',
    pspId: 'SIGPITM1XXX',
    pspName: 'Banca Esempio',
    receiverFiscalCode: FISCAL_CODE,
    totalCount: lines.length,
    totalCents: lines.reduce((sum, line) => sum + line.amountCents, 0),
    ...extra,
  } satisfies SettlementFlowHeader;
}

const line = (n: number, transferIndex: number, amountCents: number, iur = `IUR${n}-${transferIndex}`) => ({
  iuv: iuvOf(n),
  iur,
  transferIndex,
  amountCents,
  outcomeCode: '0',
  outcomeDate: '2026-11-20',
});

/** The file as it comes, in small chunks (elements split across them), as a stream delivers it. */
const chunked = (text: string, size = 97) =>
  Readable.from(
    Array.from({ length: Math.ceil(text.length / size) }, (_, i) => text.slice(i * size, (i + 1) * size)),
  );

/**
 * Reconciliation (issue 19 item 5) on generated flows and a cash journal holding every anomaly
 * type, then the fix that resolves some of them on the next run; real Postgres, the catalog's own
 * services.
 */
describe(ReconciliationService.name, () => {
  let db: TestDatabase;
  let sql: DataSource;
  let payments: PaymentRepository;
  let sut: ReconciliationService;
  const ctx = systemContext('reconciliation-test');

  beforeAll(async () => {
    db = await createTestDatabase();
    sql = await new DataSource(catalogDataSourceOptions(db.url, 4)).initialize();
    await seedCatalog(sql);
    const audit = new AuditLog(sql, 'a-test-key-of-at-least-thirty-two-characters');
    payments = new PaymentRepository(sql, audit);
    sut = new ReconciliationService(sql, new EntiService(sql), audit);
  }, 120_000);
  afterAll(async () => {
    await sql?.destroy();
    await db?.drop();
  });

  /** A paid single payment of Trieste with the given transfers (as the workflow projects it). */
  async function paid(n: number, transfers: Omit<PaymentTransferSnapshot, 'index'>[], serviceCode = 'TARI') {
    const amountCents = transfers.reduce((sum, transfer) => sum + transfer.amountCents, 0);
    await payments.recordState(
      {
        noticeNumber: notice(n),
        iuv: iuvOf(n),
        orgFiscalCode: FISCAL_CODE,
        enteCode: ENTE,
        payerFiscalCode: 'RSSMRA80A01L424F',
        payerName: 'Mario Rossi',
        description: `Avviso ${n}`,
        amountCents,
        dueDate: '2026-12-31',
        status: 'paid',
        serviceCode,
        receipt: { receiptId: `rt-${n}`, paymentDate: PAID_AT, amountCents, source: 'push' },
        options: [
          {
            noticeNumber: notice(n),
            kind: 'single',
            position: 0,
            iuv: iuvOf(n),
            amountCents,
            dueDate: '2026-12-31',
            transfers: transfers.map((transfer, index) => ({ ...transfer, index: index + 1 })),
          },
        ],
      },
      { eventKey: `recon-test/${n}`, seq: 1, at: PAID_AT },
    );
  }
  const transfer = (amountCents: number, accountingReference = 'CAP-100') => ({
    amountCents,
    category: '9/0101108TS/',
    iban: 'IT60X0542811101000000123456',
    accountingReference,
  });

  const flowA = flowHeader('2026-11-20SIGPITM1XXX-S000000001', [
    line(1, 1, 10000),
    line(1, 2, 500),
    line(2, 1, 2000),
  ]);
  const flowALines = [line(1, 1, 10000), line(1, 2, 500), line(2, 1, 2000)];
  const flowBLines = [line(4, 1, 4100), line(999, 1, 700), line(2, 1, 2000, 'IUR2-again')];
  const flowB = flowHeader('2026-11-20SIGPITM1XXX-S000000002', flowBLines);
  const flowCLines = [line(3, 1, 3000)];
  const flowC = flowHeader('2026-11-20SIGPITM1XXX-S000000003', flowCLines);
  const flowELines = [line(6, 1, 1000)];
  const flowE = flowHeader('2026-11-20SIGPITM1XXX-S000000005', flowELines);

  const journal = [
    'value_date,amount,causale',
    `2026-11-21,"125,00","RI1 BONIFICO /PUR/LGPE- RIVERSAMENTO/URI/${flowA.flowId}"`,
    // The same SCT booked again: a duplicate credit.
    `2026-11-23,125.00,/PUR/LGPE-RIVERSAMENTO/URI/${flowA.flowId}`,
    // Flow C is not imported yet.
    `2026-11-21,30.00,/PUR/LGPE-RIVERSAMENTO/URI/${flowC.flowId}`,
    // Flow E's total is 10,00.
    `2026-11-21,9.99,/PUR/LGPE-RIVERSAMENTO/URI/${flowE.flowId}`,
    // A single payment transferred on its own, and one for an IUV nobody issued.
    `2026-11-21,50.00,/RFS/${iuvOf(5)}/50.00/TXT/TARI`,
    `2026-11-21,8.00,/RFB/${iuvOf(998)}/8.00`,
    '2026-11-21,1500.00,CANONE LOCAZIONE VIA ROMA 3',
  ].join('\n');

  it('matches receipt, flow line and cash movement per transfer and lists every anomaly type', async () => {
    await paid(1, [transfer(10000, 'CAP-100'), transfer(500, 'CAP-200')]);
    await paid(2, [transfer(2000)]);
    await paid(3, [transfer(3000)]);
    await paid(4, [transfer(4000)]);
    await paid(5, [transfer(5000)], 'MENSA');
    await paid(6, [transfer(1000)]);

    const imported = await sut.importSettlementFlowXml(
      ctx,
      ENTE,
      chunked(settlementFlowXml(flowA, flowALines)),
      {
        asOf: AS_OF,
      },
    );
    expect(imported).toMatchObject({
      flowId: flowA.flowId,
      lines: 3,
      totalCents: 12500,
      outcome: 'imported',
    });
    expect(imported.run.reported).toBe(3);
    await sut.importSettlementFlowXml(ctx, ENTE, chunked(settlementFlowXml(flowB, flowBLines)), {
      asOf: AS_OF,
    });
    await sut.importSettlementFlow(ctx, ENTE, flowE, flowELines, { asOf: AS_OF });
    const cash = await sut.importCashJournal(ctx, ENTE, Readable.from([journal]), {
      name: 'gdc-1',
      asOf: AS_OF,
    });
    expect(cash).toMatchObject({ movements: 7, alreadyImported: 0, pagopaMovements: 6 });

    const states = (await sql.query(
      `SELECT notice_number, transfer_index, flow_line_flow IS NOT NULL AS reported,
              cash_movement_id IS NOT NULL AS reconciled
         FROM payment_transfer WHERE ente_code = $1 ORDER BY notice_number, transfer_index`,
      [ENTE],
    )) as { notice_number: string; transfer_index: number; reported: boolean; reconciled: boolean }[];
    expect(states.map((s) => [s.notice_number, s.transfer_index, s.reported, s.reconciled])).toEqual([
      [notice(1), 1, true, true],
      [notice(1), 2, true, true],
      [notice(2), 1, true, true],
      [notice(3), 1, false, false],
      [notice(4), 1, false, false],
      [notice(5), 1, false, true],
      [notice(6), 1, true, false],
    ]);

    const open = await sut.anomalies(ctx, ENTE);
    const summary = open.map((a) => `${a.kind} ${a.iuv ?? a.flowId}`).sort();
    expect(summary).toEqual(
      [
        `amountMismatch ${flowE.flowId}`, // cash 9,99 for a flow of 10,00
        `amountMismatch ${iuvOf(4)}`, // flow line 41,00 for a transfer of 40,00
        `cashMovementWithoutFlow ${flowC.flowId}`,
        `duplicate ${flowA.flowId}`, // the SCT booked twice
        `duplicate ${iuvOf(2)}`, // the IUV reported by two flows
        `flowWithoutCashMovement ${flowB.flowId}`,
        `flowWithoutCashMovement ${flowE.flowId}`,
        `paymentWithoutFlow ${iuvOf(3)}`,
        `unknownIuv ${iuvOf(998)}`, // /RFB/ for a notice nobody issued
        `unknownIuv ${iuvOf(999)}`, // a flow line for a notice nobody issued
      ].sort(),
    );
    const mismatch = open.find((a) => a.kind === 'amountMismatch' && a.iuv === iuvOf(4))!;
    expect(mismatch).toMatchObject({ expectedCents: 4000, actualCents: 4100, noticeNumber: notice(4) });
    expect(mismatch.detail).toContain('41.00 EUR');

    // Totals per service and accounting reference, for the ragioneria.
    const report = await sut.report(ctx, ENTE, '2026-11-01', '2026-11-30');
    expect(report).toMatchObject({ received: 7, reported: 4, reconciled: 4 });
    expect(report.totals).toEqual([
      {
        serviceCode: 'MENSA',
        accountingReference: 'CAP-100',
        transfers: 1,
        receivedCents: 5000,
        reportedCents: 0,
        reconciledCents: 5000,
      },
      {
        serviceCode: 'TARI',
        accountingReference: 'CAP-100',
        transfers: 5,
        receivedCents: 20000,
        reportedCents: 13000,
        reconciledCents: 12000,
      },
      {
        serviceCode: 'TARI',
        accountingReference: 'CAP-200',
        transfers: 1,
        receivedCents: 500,
        reportedCents: 500,
        reconciledCents: 500,
      },
    ]);
    expect(report.flows.map((flow) => [flow.flowId, flow.cashMatched])).toEqual([
      [flowA.flowId, true],
      [flowB.flowId, false],
      [flowE.flowId, false],
    ]);
  });

  it('re-imports nothing twice: the same flow and the same journal change nothing', async () => {
    const before = (await sut.anomalies(ctx, ENTE)).length;
    const again = await sut.importSettlementFlowXml(
      ctx,
      ENTE,
      chunked(settlementFlowXml(flowA, flowALines)),
      {
        asOf: AS_OF,
      },
    );
    expect(again.outcome).toBe('alreadyImported');
    const cash = await sut.importCashJournal(ctx, ENTE, Readable.from([journal]), {
      name: 'gdc-1',
      asOf: AS_OF,
    });
    expect(cash).toMatchObject({ movements: 7, alreadyImported: 7 });
    expect(cash.run).toMatchObject({ newAnomalies: 0, resolvedAnomalies: 0, openAnomalies: before });
    const [counts] = (await sql.query(
      `SELECT (SELECT count(*) FROM settlement_flow_line WHERE ente_code = $1)::int AS lines,
              (SELECT count(*) FROM cash_movement WHERE ente_code = $1)::int AS movements`,
      [ENTE],
    )) as { lines: number; movements: number }[];
    expect(counts).toEqual({ lines: 7, movements: 7 });
  });

  it('resolves anomalies on the run after the fix: the missing flow arrives', async () => {
    const fixedAt = new Date().toISOString();
    const result = await sut.importSettlementFlowXml(
      ctx,
      ENTE,
      chunked(settlementFlowXml(flowC, flowCLines)),
      {
        asOf: AS_OF,
      },
    );
    // Flow C reports payment 3 and is the flow the cash movement named: all three match.
    expect(result.run).toMatchObject({ reported: 1, reconciled: 1, resolvedAnomalies: 2, newAnomalies: 0 });
    const open = (await sut.anomalies(ctx, ENTE)).map((a) => a.kind);
    expect(open).not.toContain('paymentWithoutFlow');
    expect(open).not.toContain('cashMovementWithoutFlow');
    const resolved = (await sut.anomalies(ctx, ENTE, { includeResolved: true })).filter(
      (a) => a.resolvedAt !== null && a.resolvedAt >= fixedAt,
    );
    expect(resolved.map((a) => a.kind).sort()).toEqual(['cashMovementWithoutFlow', 'paymentWithoutFlow']);
  });

  it('refuses a flow whose totals do not add up, or of another ente, writing nothing', async () => {
    const lines = [line(1, 1, 10000)];
    const altered = flowHeader('2026-11-20SIGPITM1XXX-S000000009', lines, { totalCents: 9999 });
    await expect(
      sut.importSettlementFlowXml(ctx, ENTE, chunked(settlementFlowXml(altered, lines)), { asOf: AS_OF }),
    ).rejects.toMatchObject({ code: 'INVALID_SETTLEMENT_FLOW' });
    const elsewhere = flowHeader('2026-11-20SIGPITM1XXX-S000000010', lines, {
      receiverFiscalCode: '00123456789',
    });
    await expect(
      sut.importSettlementFlowXml(ctx, ENTE, chunked(settlementFlowXml(elsewhere, lines)), { asOf: AS_OF }),
    ).rejects.toMatchObject({ code: 'SETTLEMENT_FLOW_NOT_FOR_ENTE' });
    const truncated = settlementFlowXml(flowHeader('2026-11-20SIGPITM1XXX-S000000011', lines), lines).slice(
      0,
      -60,
    );
    await expect(
      sut.importSettlementFlowXml(ctx, ENTE, chunked(truncated), { asOf: AS_OF }),
    ).rejects.toMatchObject({
      code: 'INVALID_SETTLEMENT_FLOW',
    });
    const [stored] = (await sql.query(
      `SELECT count(*)::int AS n FROM settlement_flow
        WHERE flow_id IN ('2026-11-20SIGPITM1XXX-S000000009', '2026-11-20SIGPITM1XXX-S000000010',
                          '2026-11-20SIGPITM1XXX-S000000011')`,
    )) as { n: number }[];
    expect(stored!.n).toBe(0);
  });

  it('refuses a cash journal with bad lines, naming them, and imports none of it', async () => {
    const bad = [
      'data_valuta;importo;causale',
      `21/11/2026;12,00;/RFS/${iuvOf(1)}/12.00`,
      '2026-02-30;12,00;/RFS/x/1.00',
      '2026-11-21;dodici;ALTRO',
    ].join('\n');
    const refusal = sut.importCashJournal(ctx, ENTE, Readable.from([bad]), { asOf: AS_OF });
    await expect(refusal).rejects.toMatchObject({ code: 'INVALID_CASH_JOURNAL' });
    await expect(refusal).rejects.toThrow(/line 3 valueDate.*line 4 amount/);
    const [counts] = (await sql.query(
      `SELECT count(*)::int AS n FROM cash_movement WHERE journal <> 'gdc-1'`,
    )) as {
      n: number;
    }[];
    expect(counts!.n).toBe(0);
  });

  it("is the ente's finance office's: an operator, or another ente's staff, may not import", async () => {
    const operator = {
      requestId: 'r',
      actor: {
        kind: 'staff' as const,
        userId: 'op',
        name: 'Op',
        roles: [{ enteCode: ENTE, role: 'operator' as const }],
      },
    };
    const financeElsewhere = {
      requestId: 'r',
      actor: {
        kind: 'staff' as const,
        userId: 'f',
        name: 'F',
        roles: [{ enteCode: 'c_f081', role: 'finance' as const }],
      },
    };
    for (const who of [operator, financeElsewhere]) {
      await expect(sut.importCashJournal(who, ENTE, Readable.from([journal]))).rejects.toBeInstanceOf(
        AccessDeniedError,
      );
      await expect(sut.report(who, ENTE, '2026-11-01', '2026-11-30')).rejects.toBeInstanceOf(
        AccessDeniedError,
      );
    }
    const finance = {
      requestId: 'r',
      actor: {
        kind: 'staff' as const,
        userId: 'f',
        name: 'F',
        roles: [{ enteCode: ENTE, role: 'finance' as const }],
      },
    };
    await expect(sut.report(finance, ENTE, '2026-11-01', '2026-11-30')).resolves.toMatchObject({
      enteCode: ENTE,
    });
  });
});
