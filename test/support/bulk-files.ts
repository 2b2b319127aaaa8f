import { inventedFiscalCode } from './people';

/** Trieste's TARI account and the region's treasury (seed data, made up, valid check digits). */
export const COMUNE_IBAN = 'IT04X0200802230000104500002';
export const REGION_IBAN = 'IT69X0530812400000000050100';

export const BULK_HEADER =
  'position_id,payer_type,payer_fiscal_code,payer_name,payer_email,description,taxonomy_code,accounting_ref,instalment_number,amount,due_date';
export const TRANSFER_HEADER =
  ',transfer_1_iban,transfer_1_amount,transfer_1_accounting_ref,transfer_2_iban,transfer_2_amount,transfer_2_accounting_ref';

export interface ExpectedError {
  line: number;
  positionId: string;
  field: string;
  code: string;
}

export interface BulkFile {
  csv: string;
  /** Lines after the header. */
  lines: number;
  errors: ExpectedError[];
  /** The positions that must be issued, with their options (0 = the single payment). */
  issued: Map<string, { instalment: number; amountCents: number }[]>;
}

type Row = string[];
interface Position {
  id: string;
  rows: Row[];
  /** Faults: the index of the row and what it must report. */
  fault?: { row: number; field: string; code: string; rejectsOthers: boolean };
}

const cents = (value: number) => `"${Math.floor(value / 100)},${String(value % 100).padStart(2, '0')}"`;

/**
 * A bulk issuance file of about `lines` lines (TARI-like: single payments, instalment plans,
 * multi-IBAN splits), with `badShare` of its lines wrong in every way the issue lists, and the
 * exact error report it must produce. Deterministic for a given prefix.
 */
export function bulkIssuanceFile(options: {
  lines: number;
  badShare: number;
  prefix: string;
  year: number;
  /** Position ids already used by another file with other content. */
  takenIds?: string[];
}): BulkFile {
  const { prefix, year } = options;
  const due = (month: number) => `${year}-${String(month).padStart(2, '0')}-28`;
  const positions: Position[] = [];
  let n = 0;
  const single = (id: string, amount: number, withTransfers = false): Row => {
    const payer = inventedFiscalCode(n);
    return [
      id,
      'F',
      payer,
      `Contribuente ${n}`,
      `contribuente${n}@example.it`,
      `TARI ${year} - ${id}`,
      '9/0101101IM/',
      'CAP-1010',
      '',
      cents(amount),
      due(6),
      ...(withTransfers
        ? [COMUNE_IBAN, cents(amount - 500), 'CAP-1010', REGION_IBAN, cents(500), 'TEFA-REG']
        : ['', '', '', '', '', '']),
    ];
  };
  const plan = (id: string, amount: number): Row[] => {
    const head = single(id, amount * 3);
    return [
      head,
      ...[1, 2, 3].map((k) => [
        ...head.slice(0, 8),
        String(k),
        cents(amount),
        due(3 + k * 2),
        ...head.slice(11),
      ]),
    ];
  };

  let total = 0;
  while (total < options.lines) {
    const id = `${prefix}${String(n).padStart(6, '0')}`;
    const kind = n % 10;
    const rows =
      kind < 6 ? [single(id, 10_000 + n)] : kind < 8 ? plan(id, 3_000 + n) : [single(id, 20_000 + n, true)];
    positions.push({ id, rows });
    total += rows.length;
    n++;
  }

  // Faults, spread over the file: a line-level fault on one line, or a position-level one.
  const lineFaults: {
    field: string;
    code: string;
    mutate: (row: Row) => void;
    needs?: 'plan' | 'transfers';
  }[] = [
    {
      field: 'payer_fiscal_code',
      code: 'INVALID_FISCAL_CODE',
      mutate: (r) => (r[2] = r[2]!.slice(0, 15) + (r[2]!.endsWith('A') ? 'B' : 'A')),
    },
    { field: 'amount', code: 'AMOUNT_NOT_POSITIVE', mutate: (r) => (r[9] = '"-10,00"') },
    { field: 'amount', code: 'AMOUNT_NOT_POSITIVE', mutate: (r) => (r[9] = '0,00'.replace(',', '.')) },
    { field: 'amount', code: 'INVALID_AMOUNT', mutate: (r) => (r[9] = '12a.30') },
    { field: 'amount', code: 'TOO_MANY_DECIMALS', mutate: (r) => (r[9] = '10.123') },
    { field: 'taxonomy_code', code: 'UNKNOWN_TAXONOMY_CODE', mutate: (r) => (r[6] = '9/9999999TS/') },
    { field: 'taxonomy_code', code: 'INVALID_TAXONOMY_CODE', mutate: (r) => (r[6] = 'TARI') },
    { field: 'due_date', code: 'INVALID_DATE', mutate: (r) => (r[10] = `${year}-02-30`) },
    { field: 'due_date', code: 'DUE_DATE_PAST', mutate: (r) => (r[10] = '2020-01-31') },
    { field: 'payer_name', code: 'MISSING_VALUE', mutate: (r) => (r[3] = '') },
    { field: 'payer_type', code: 'INVALID_PAYER_TYPE', mutate: (r) => (r[1] = 'X') },
    { field: 'instalment_number', code: 'INVALID_INSTALMENT_NUMBER', mutate: (r) => (r[8] = '13') },
    { field: '', code: 'COLUMN_COUNT', mutate: (r) => r.splice(4, 1) },
    {
      field: 'transfer_2_iban',
      code: 'INVALID_IBAN',
      mutate: (r) => (r[14] = 'IT00X0000000000000000000000'),
      needs: 'transfers',
    },
    {
      field: 'transfer_1_amount',
      code: 'TRANSFERS_DO_NOT_ADD_UP',
      mutate: (r) => (r[15] = cents(501)),
      needs: 'transfers',
    },
  ];
  const positionFaults: { code: string; apply: (p: Position) => void }[] = [
    {
      code: 'INSTALMENTS_DO_NOT_ADD_UP',
      apply: (p) => {
        p.rows[0]![9] = cents(Number(p.rows[0]![9]!.replace(/[",]/g, '')) + 1);
        p.fault = { row: 0, field: 'amount', code: 'INSTALMENTS_DO_NOT_ADD_UP', rejectsOthers: true };
      },
    },
    {
      code: 'DUPLICATE_INSTALMENT',
      apply: (p) => {
        p.rows.splice(3, 0, [...p.rows[2]!]);
        p.fault = { row: 3, field: 'instalment_number', code: 'DUPLICATE_INSTALMENT', rejectsOthers: true };
      },
    },
    {
      code: 'INSTALMENTS_WITHOUT_TOTAL',
      apply: (p) => {
        p.rows.shift();
        p.fault = {
          row: 0,
          field: 'instalment_number',
          code: 'INSTALMENTS_WITHOUT_TOTAL',
          rejectsOthers: true,
        };
      },
    },
    {
      code: 'INSTALMENT_GAP',
      apply: (p) => {
        p.rows[3]![8] = '4';
        p.fault = { row: 3, field: 'instalment_number', code: 'INSTALMENT_GAP', rejectsOthers: true };
      },
    },
    {
      code: 'POSITION_INCONSISTENT',
      apply: (p) => {
        p.rows[2]![3] = 'Qualcun Altro';
        p.fault = { row: 2, field: 'payer_fiscal_code', code: 'POSITION_INCONSISTENT', rejectsOthers: true };
      },
    },
  ];

  // Every kind of fault in turn, on the next position it fits, spread evenly over the file.
  const kinds = [
    ...lineFaults.map((fault) => ({ needs: fault.needs, line: fault, position: undefined })),
    ...positionFaults.map((fault) => ({ needs: 'plan' as const, line: undefined, position: fault })),
  ];
  const fits = (position: Position, needs: 'plan' | 'transfers' | undefined) =>
    !position.fault &&
    (needs === 'plan'
      ? position.rows.length === 4
      : needs === 'transfers'
        ? position.rows[0]![11] !== ''
        : position.rows[0]![11] === '');
  const badLines = Math.round(options.lines * options.badShare);
  const step = Math.max(1, Math.floor(positions.length / (badLines + 1)));
  for (let fault = 0; fault < badLines; fault++) {
    const kind = kinds[fault % kinds.length]!;
    let index = 1 + fault * step;
    while (index < positions.length && !fits(positions[index]!, kind.needs)) index++;
    const position = positions[index];
    if (!position) break;
    if (kind.position) {
      kind.position.apply(position);
      continue;
    }
    const row = position.rows.length === 4 ? 1 + (fault % 3) : 0;
    kind.line!.mutate(position.rows[row]!);
    position.fault = { row, field: kind.line!.field, code: kind.line!.code, rejectsOthers: true };
  }
  // A duplicated single-payment position inside the file, and ids another file used differently.
  const twin = positions.find(
    (p, i) => options.badShare > 0 && i % 7 === 3 && p.rows.length === 1 && !p.fault,
  );
  if (twin)
    positions.push({
      id: twin.id,
      rows: [[...twin.rows[0]!]],
      fault: { row: 0, field: 'instalment_number', code: 'DUPLICATE_INSTALMENT', rejectsOthers: false },
    });
  for (const taken of options.takenIds ?? []) {
    positions.push({
      id: taken,
      rows: [single(taken, 12_345)],
      fault: { row: 0, field: 'position_id', code: 'DUPLICATE_POSITION', rejectsOthers: false },
    });
    n++;
  }

  const lines: string[] = [BULK_HEADER + TRANSFER_HEADER];
  const errors: ExpectedError[] = [];
  const issued = new Map<string, { instalment: number; amountCents: number }[]>();
  for (const position of positions) {
    const first = lines.length + 1;
    position.rows.forEach((row) => lines.push(row.join(',')));
    if (position.fault) {
      const faultLine = first + position.fault.row;
      errors.push({
        line: faultLine,
        positionId: position.id,
        field: position.fault.field,
        code: position.fault.code,
      });
      if (position.fault.code === 'DUPLICATE_INSTALMENT' && !position.fault.rejectsOthers) {
        // The twin: the first copy (earlier in the file) is rejected too.
        const original = lines.findIndex((line) => line.startsWith(`${position.id},`)) + 1;
        errors.push({
          line: original,
          positionId: position.id,
          field: 'position_id',
          code: 'POSITION_REJECTED',
        });
        issued.delete(position.id);
      }
      if (position.fault.rejectsOthers) {
        position.rows.forEach((_, index) => {
          if (index !== position.fault!.row)
            errors.push({
              line: first + index,
              positionId: position.id,
              field: 'position_id',
              code: 'POSITION_REJECTED',
            });
        });
      }
      continue;
    }
    issued.set(
      position.id,
      position.rows.map((row) => ({
        instalment: row[8] === '' ? 0 : Number(row[8]),
        amountCents: Number(row[9]!.replace(/[",]/g, '')),
      })),
    );
  }
  errors.sort((a, b) => a.line - b.line || a.field.localeCompare(b.field) || a.code.localeCompare(b.code));
  return { csv: lines.join('\n') + '\n', lines: lines.length - 1, errors, issued };
}
