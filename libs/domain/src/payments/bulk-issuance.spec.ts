import {
  BULK_COLUMNS,
  readBulkAmount,
  readBulkHeader,
  validateBulkLine,
  type BulkHeader,
} from './bulk-issuance';

const rules = { knownTaxonomy: (code: string) => code === '9/0101101IM/', today: '2026-12-01' };
const header = readBulkHeader([...BULK_COLUMNS]) as BulkHeader;
const line = (overrides: Partial<Record<(typeof BULK_COLUMNS)[number], string>> = {}) =>
  BULK_COLUMNS.map(
    (column) =>
      overrides[column] ??
      {
        position_id: 'TARI-1',
        payer_type: 'F',
        payer_fiscal_code: 'RSSMRA80A01L424F',
        payer_name: 'Mario Rossi',
        payer_email: '',
        description: 'TARI 2027',
        taxonomy_code: '9/0101101IM/',
        accounting_ref: 'CAP-1010',
        instalment_number: '',
        amount: '1234,56',
        due_date: '2027-06-30',
      }[column],
  );

describe('bulk issuance lines', () => {
  it.each([
    ['1234,56', 123456],
    ['1234.56', 123456],
    ['7', 700],
    ['0,5', 50],
  ])('reads the amount %s as %i cents', (raw, cents) => {
    expect(readBulkAmount('amount', raw)).toEqual({ cents });
  });

  it.each([
    ['-3,00', 'AMOUNT_NOT_POSITIVE'],
    ['0', 'AMOUNT_NOT_POSITIVE'],
    ['10,123', 'TOO_MANY_DECIMALS'],
    ['1.234,56', 'INVALID_AMOUNT'],
    ['dieci', 'INVALID_AMOUNT'],
    ['', 'MISSING_VALUE'],
  ])('refuses the amount "%s" with %s', (raw, code) => {
    expect(readBulkAmount('amount', raw)).toMatchObject({ field: 'amount', code });
  });

  it('accepts the header with up to five transfer groups and refuses anything else', () => {
    const transfers = (n: number) =>
      Array.from({ length: n }, (_, i) => [
        `transfer_${i + 1}_iban`,
        `transfer_${i + 1}_amount`,
        `transfer_${i + 1}_accounting_ref`,
      ]).flat();
    expect(readBulkHeader([...BULK_COLUMNS, ...transfers(5)])).toEqual({ transfers: 5, columns: 26 });
    expect(readBulkHeader([`\uFEFF${BULK_COLUMNS[0]}`, ...BULK_COLUMNS.slice(1)])).toEqual({
      transfers: 0,
      columns: 11,
    });
    expect(readBulkHeader([...BULK_COLUMNS, ...transfers(6)])).toMatchObject({ code: 'INVALID_HEADER' });
    expect(readBulkHeader(BULK_COLUMNS.slice(1))).toMatchObject({
      code: 'INVALID_HEADER',
      field: 'position_id',
    });
  });

  it('normalises a good line and reports every problem of a bad one with its column', () => {
    expect(validateBulkLine(line({ payer_fiscal_code: 'rssmra80a01l424f' }), header, rules)).toEqual({
      line: expect.objectContaining({
        payerFiscalCode: 'RSSMRA80A01L424F',
        amountCents: 123456,
        instalmentNumber: 0,
      }),
    });
    const bad = validateBulkLine(
      line({
        payer_fiscal_code: 'RSSMRA80A01L424X',
        taxonomy_code: '9/0101999IM/',
        due_date: '2027-02-30',
        instalment_number: '13',
      }),
      header,
      rules,
    );
    expect('errors' in bad && bad.errors.map((error) => [error.field, error.code])).toEqual([
      ['payer_fiscal_code', 'INVALID_FISCAL_CODE'],
      ['taxonomy_code', 'UNKNOWN_TAXONOMY_CODE'],
      ['instalment_number', 'INVALID_INSTALMENT_NUMBER'],
      ['due_date', 'INVALID_DATE'],
    ]);
  });

  it('checks that the transfers add up to the amount', () => {
    const withTransfers = readBulkHeader([
      ...BULK_COLUMNS,
      'transfer_1_iban',
      'transfer_1_amount',
      'transfer_1_accounting_ref',
      'transfer_2_iban',
      'transfer_2_amount',
      'transfer_2_accounting_ref',
    ]) as BulkHeader;
    const split = (second: string) => [
      ...line({ amount: '100' }),
      'IT04X0200802230000104500002',
      '90',
      'CAP-1',
      'IT69X0530812400000000050100',
      second,
      'REG',
    ];
    expect(validateBulkLine(split('10'), withTransfers, rules)).toMatchObject({
      line: {
        transfers: [
          { amountCents: 9000, accountingRef: 'CAP-1' },
          { amountCents: 1000, accountingRef: 'REG' },
        ],
      },
    });
    expect(validateBulkLine(split('11'), withTransfers, rules)).toMatchObject({
      errors: [{ code: 'TRANSFERS_DO_NOT_ADD_UP' }],
    });
  });
});
