import { execFile } from 'node:child_process';
import { mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { buildNoticeNumber, formatNoticeNumber, pagoPaQrPayload } from '@sus/domain';
import type { PaymentNoticeInput } from '../../apps/api/src/payments/notice-pdf/payment-notice';
import { renderPaymentNoticePdf } from '../../apps/api/src/payments/notice-pdf/render-payment-notice-pdf';

/**
 * The avviso as a citizen's banking app or a tabaccheria scanner sees it: the PDF is rasterised
 * (Debian poppler-utils) and its QR codes decoded (Debian zbar-tools) back to the exact payloads.
 */
const run = promisify(execFile);

const ENTE = '01199250158';
const notice = (sequence: number): string =>
  buildNoticeNumber({
    auxDigit: 3,
    segregationCode: '01',
    iuvBase: `2026${String(sequence).padStart(9, '0')}`,
  }).noticeNumber;

const tari: PaymentNoticeInput = {
  creditor: {
    name: 'Comune di Sandbox',
    fiscalCode: ENTE,
    sector: 'Servizio Tributi',
    cbillCode: 'A1B2C',
    contact: 'tributi@comune.example.it',
    postalAccount: { number: '12345678', holder: 'Comune di Sandbox - Servizio Tesoreria' },
  },
  debtor: {
    fullName: 'Niccolò Rossi',
    fiscalCode: 'RSSMRA85T10A562S',
    address: 'Via Roma 1, 33100 Udine (UD)',
  },
  subject: 'TARI 2026 - Tassa sui rifiuti',
  single: { noticeNumber: notice(1), amountCents: 30_000, dueDate: '2026-12-31' },
  instalments: [
    { noticeNumber: notice(2), amountCents: 10_050, dueDate: '2026-12-31' },
    { noticeNumber: notice(3), amountCents: 9_975, dueDate: '2027-03-31' },
    { noticeNumber: notice(4), amountCents: 9_975, dueDate: '2027-06-30' },
  ],
};

describe('renderPaymentNoticePdf (avviso di pagamento)', () => {
  const dir = mkdtempSync(join(tmpdir(), 'sus-avviso-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  async function inspect(name: string, input: PaymentNoticeInput) {
    const pdfPath = join(dir, `${name}.pdf`);
    writeFileSync(pdfPath, await renderPaymentNoticePdf(input));
    await run('pdftoppm', ['-r', '200', '-png', pdfPath, join(dir, name)]);
    const pages = readdirSync(dir).filter((file) => file.startsWith(`${name}-`) && file.endsWith('.png'));
    const qrCodes: string[] = [];
    for (const page of pages.sort()) {
      const { stdout } = await run('zbarimg', [
        '--quiet',
        '--raw',
        '-Sdisable',
        '-Sqrcode.enable',
        join(dir, page),
      ]).catch((error: { code?: number; stdout?: string }) => {
        // zbarimg exits with 4 when a page has no code at all.
        if (error.code === 4) return { stdout: '' };
        throw error;
      });
      qrCodes.push(...stdout.split('\n').filter((line) => line.trim() !== ''));
    }
    const { stdout: text } = await run('pdftotext', ['-layout', pdfPath, '-']);
    return { pages: pages.length, qrCodes, text };
  }

  it('prints one QR code per option (single payment and each TARI instalment) that decodes to the exact pagoPA payload', async () => {
    const { qrCodes, pages } = await inspect('tari', tari);
    const options = [tari.single!, ...tari.instalments!];
    expect(qrCodes.sort()).toEqual(
      options
        .map((option) =>
          pagoPaQrPayload({
            noticeNumber: option.noticeNumber,
            orgFiscalCode: ENTE,
            amountCents: option.amountCents,
          }),
        )
        .sort(),
    );
    expect(pages).toBeGreaterThan(1);
  });

  it('prints the Italian labels, notice numbers in groups of four, amounts in euro and dates as dd/mm/yyyy', async () => {
    const { text } = await inspect('tari-text', tari);
    for (const expected of [
      'AVVISO DI PAGAMENTO',
      'TARI 2026 - Tassa sui rifiuti',
      'ENTE CREDITORE',
      'DESTINATARIO AVVISO',
      'QUANTO E QUANDO PAGARE?',
      'DOVE PAGARE?',
      'Comune di Sandbox',
      `Cod. Fiscale ${ENTE}`,
      'Niccolò Rossi',
      'RSSMRA85T10A562S',
      'Codice CBILL: A1B2C',
      'RATA UNICA entro il 31/12/2026',
      'RATA 1 DI 3 entro il 31/12/2026',
      'RATA 3 DI 3 entro il 30/06/2027',
      '€ 300,00',
      '€ 100,50',
      '€ 99,75',
      'BOLLETTINO POSTALE PA',
      'sul C/C n.: 12345678',
    ]) {
      expect(text).toContain(expected);
    }
    for (const option of [tari.single!, ...tari.instalments!]) {
      expect(text).toContain(formatNoticeNumber(option.noticeNumber));
    }
  });

  it('fits a single payment without postal account on one page with one QR code', async () => {
    const single: PaymentNoticeInput = {
      creditor: { name: 'Comune di Sandbox', fiscalCode: ENTE, cbillCode: 'A1B2C' },
      debtor: { fullName: 'Mario Rossi', fiscalCode: 'RSSMRA85T10A562S' },
      subject: 'Diritti di celebrazione del matrimonio civile',
      single: { noticeNumber: notice(9), amountCents: 51 },
    };
    const { pages, qrCodes, text } = await inspect('single', single);
    expect(pages).toBe(1);
    expect(qrCodes).toEqual([`PAGOPA|002|${notice(9)}|${ENTE}|51`]);
    expect(text).toContain('RATA UNICA senza scadenza');
    expect(text).toContain('€ 0,51');
    expect(text).not.toContain('BOLLETTINO POSTALE PA');
  });

  it('refuses input that cannot make a valid notice with a typed error naming the field', async () => {
    await expect(
      renderPaymentNoticePdf({ ...tari, creditor: { ...tari.creditor, cbillCode: 'a1' } }),
    ).rejects.toMatchObject({
      code: 'INVALID_PAYMENT_NOTICE',
      field: 'creditor.cbillCode',
    });
    await expect(
      renderPaymentNoticePdf({ ...tari, single: undefined, instalments: [tari.instalments![0]!] }),
    ).rejects.toMatchObject({
      field: 'instalments',
    });
    await expect(
      renderPaymentNoticePdf({ ...tari, single: { noticeNumber: '301202600000000199', amountCents: 100 } }),
    ).rejects.toMatchObject({ code: 'INVALID_NOTICE_NUMBER' });
  });
});
