import bwipjs from 'bwip-js';
import PDFDocument from 'pdfkit';
import {
  formatItalianDate,
  formatNoticeNumber,
  Money,
  pagoPaQrPayload,
  parseCivilDate,
  parseOrgFiscalCode,
} from '@sus/domain';
import { type PaymentNoticeInput, type PaymentNoticeOption, PaymentNoticeError } from './payment-notice';
import { posteDataMatrixPayload } from './poste-data-matrix';

const MM = 72 / 25.4;
const PAGE_MARGIN = 40;
const A4_WIDTH = 595.28;
const A4_HEIGHT = 841.89;
const CONTENT_WIDTH = A4_WIDTH - 2 * PAGE_MARGIN;
/** pagoPA: the QR code (and the Data Matrix beside it) is printed 25 × 25 mm. */
const CODE_SIZE = 25 * MM;
const INK = '#000000';
const ACCENT = '#0066CC';

type Doc = InstanceType<typeof PDFDocument>;

interface PaymentBlock {
  title: string;
  option: PaymentNoticeOption;
}

const dueText = (option: PaymentNoticeOption): string =>
  option.dueDate === undefined ? 'senza scadenza' : `entro il ${formatItalianDate(option.dueDate)}`;

function validate(input: PaymentNoticeInput): void {
  const fail = (message: string, field: string): never => {
    throw new PaymentNoticeError(message, field);
  };
  parseOrgFiscalCode(input.creditor.fiscalCode);
  if (input.creditor.name.trim() === '') fail('The ente needs a name.', 'creditor.name');
  if (!/^[A-Z0-9]{5}$/.test(input.creditor.cbillCode)) {
    fail(
      `A CBILL code is 5 capital letters or digits; got "${input.creditor.cbillCode}".`,
      'creditor.cbillCode',
    );
  }
  if (input.debtor.fullName.trim() === '') fail('The notice needs the payer’s name.', 'debtor.fullName');
  if (input.subject.trim() === '' || input.subject.length > 90) {
    fail('The object of the payment must have 1 to 90 characters.', 'subject');
  }
  const instalments = input.instalments ?? [];
  if (input.single === undefined && instalments.length === 0) {
    fail('A notice needs a single payment, instalments, or both.', 'single');
  }
  if (instalments.length === 1) fail('An instalment plan has at least two instalments.', 'instalments');
  for (const option of [...(input.single ? [input.single] : []), ...instalments]) {
    if (option.dueDate !== undefined) parseCivilDate(option.dueDate);
  }
}

/** Draws a bwip-js module matrix as vector squares: sharp at any zoom or print resolution. */
function drawMatrix(
  doc: Doc,
  bcid: 'qrcode' | 'datamatrix',
  text: string,
  options: string,
  x: number,
  y: number,
): void {
  const [symbol] = bwipjs.raw(bcid, text, options) as { pixs: number[]; pixx: number; pixy: number }[];
  if (symbol === undefined) throw new PaymentNoticeError(`Could not encode the ${bcid}.`, bcid);
  const module = CODE_SIZE / Math.max(symbol.pixx, symbol.pixy);
  for (let row = 0; row < symbol.pixy; row++) {
    let run = -1;
    for (let col = 0; col <= symbol.pixx; col++) {
      const dark = col < symbol.pixx && symbol.pixs[row * symbol.pixx + col] === 1;
      if (dark && run < 0) run = col;
      if (!dark && run >= 0) {
        // Slight overlap so adjacent squares do not leave hairlines when rasterised.
        doc.rect(x + run * module, y + row * module, (col - run) * module + 0.05, module + 0.05);
        run = -1;
      }
    }
  }
  doc.fill(INK);
}

function label(doc: Doc, text: string, x: number, y: number, width: number): void {
  doc.font('Helvetica-Bold').fontSize(7).fillColor(ACCENT).text(text.toUpperCase(), x, y, { width });
}

function value(doc: Doc, text: string, x: number, width: number, size = 9): void {
  doc
    .font('Helvetica')
    .fontSize(size)
    .fillColor(INK)
    .text(text, x, doc.y + 1, { width });
}

function header(doc: Doc, input: PaymentNoticeInput): void {
  const left = PAGE_MARGIN;
  doc.font('Helvetica-Bold').fontSize(18).fillColor(INK).text('AVVISO DI PAGAMENTO', left, PAGE_MARGIN);
  doc
    .font('Helvetica')
    .fontSize(12)
    .text(input.subject, left, doc.y + 4, { width: CONTENT_WIDTH });

  const top = doc.y + 16;
  const half = CONTENT_WIDTH / 2 - 10;
  label(doc, 'Ente creditore', left, top, half);
  value(doc, input.creditor.name, left, half, 11);
  value(doc, `Cod. Fiscale ${input.creditor.fiscalCode}`, left, half);
  if (input.creditor.sector) value(doc, input.creditor.sector, left, half);
  const leftBottom = doc.y;
  const right = left + CONTENT_WIDTH / 2 + 10;
  label(doc, 'Destinatario avviso', right, top, half);
  value(doc, input.debtor.fullName, right, half, 11);
  if (input.debtor.fiscalCode) value(doc, `Cod. Fiscale ${input.debtor.fiscalCode}`, right, half);
  if (input.debtor.address) value(doc, input.debtor.address, right, half);

  doc.y = Math.max(leftBottom, doc.y) + 16;
  label(doc, 'Quanto e quando pagare?', left, doc.y, CONTENT_WIDTH);
  const instalments = input.instalments ?? [];
  if (input.single) {
    value(
      doc,
      `${Money.payable(input.single.amountCents).format()} ${dueText(input.single)}`,
      left,
      CONTENT_WIDTH,
      12,
    );
  }
  if (instalments.length > 0) {
    const plan = instalments.map((o) => `${Money.payable(o.amountCents).format()} ${dueText(o)}`).join('; ');
    value(
      doc,
      `${input.single ? 'Oppure in' : 'In'} ${instalments.length} rate: ${plan}`,
      left,
      CONTENT_WIDTH,
    );
  }
  value(
    doc,
    'Puoi pagare con carte, conto corrente, CBILL. Se l’avviso prevede più rate, usa la parte dell’avviso relativa alla rata che paghi.',
    left,
    CONTENT_WIDTH,
    8,
  );

  doc.y += 10;
  label(doc, 'Dove pagare?', left, doc.y, CONTENT_WIDTH);
  value(
    doc,
    'PAGA SUL SITO O CON LE APP del tuo Ente Creditore, della tua Banca o degli altri canali di pagamento abilitati a pagoPA.',
    left,
    CONTENT_WIDTH,
    8,
  );
  value(
    doc,
    'PAGA SUL TERRITORIO in Banca, negli Uffici Postali, in Ricevitoria, dal Tabaccaio, al Bancomat, al Supermercato.',
    left,
    CONTENT_WIDTH,
    8,
  );
  if (input.creditor.contact)
    value(doc, `Per informazioni: ${input.creditor.contact}`, left, CONTENT_WIDTH, 8);
  doc.y += 6;
}

function blockHeight(input: PaymentNoticeInput): number {
  return input.creditor.postalAccount ? 250 : 150;
}

function paymentBlock(doc: Doc, input: PaymentNoticeInput, block: PaymentBlock): void {
  const { option } = block;
  const height = blockHeight(input);
  if (doc.y + height > A4_HEIGHT - PAGE_MARGIN) {
    doc.addPage();
    doc.y = PAGE_MARGIN;
  }
  const left = PAGE_MARGIN;
  const top = doc.y + 6;
  const amount = Money.payable(option.amountCents).format();
  doc.rect(left, top, CONTENT_WIDTH, 20).fill(ACCENT);
  doc
    .font('Helvetica-Bold')
    .fontSize(10)
    .fillColor('#FFFFFF')
    .text(`${block.title} ${dueText(option)}`, left + 8, top + 6, { width: CONTENT_WIDTH / 2 });
  doc.text(amount, left + CONTENT_WIDTH / 2, top + 6, { width: CONTENT_WIDTH / 2 - 8, align: 'right' });

  const codeTop = top + 30;
  drawMatrix(
    doc,
    'qrcode',
    pagoPaQrPayload({
      noticeNumber: option.noticeNumber,
      orgFiscalCode: input.creditor.fiscalCode,
      amountCents: option.amountCents,
    }),
    'eclevel=M',
    left + 4,
    codeTop,
  );
  const textLeft = left + CODE_SIZE + 20;
  const textWidth = CONTENT_WIDTH - CODE_SIZE - 24;
  doc
    .font('Helvetica-Bold')
    .fontSize(8)
    .fillColor(INK)
    .text('pagoPA', textLeft, codeTop, { width: textWidth });
  value(
    doc,
    'Inquadra il codice QR con la tua app di pagamento o usa i dati qui sotto.',
    textLeft,
    textWidth,
    8,
  );
  const rows: [string, string][] = [
    ['Destinatario', input.debtor.fullName],
    ['Ente Creditore', input.creditor.name],
    ['Oggetto del pagamento', input.subject],
    ['Codice CBILL', input.creditor.cbillCode],
    ['Codice Avviso', formatNoticeNumber(option.noticeNumber)],
    ['Cod. Fiscale Ente Creditore', input.creditor.fiscalCode],
  ];
  for (const [name, text] of rows) {
    doc
      .font('Helvetica-Bold')
      .fontSize(8)
      .text(`${name}: `, textLeft, doc.y + 1, { continued: true, width: textWidth });
    doc.font('Helvetica').text(text);
  }
  doc.y = Math.max(doc.y, codeTop + CODE_SIZE) + 8;

  const postal = input.creditor.postalAccount;
  if (postal) {
    const postalTop = doc.y;
    doc
      .moveTo(left, postalTop)
      .lineTo(left + CONTENT_WIDTH, postalTop)
      .dash(3, { space: 3 })
      .stroke(INK)
      .undash();
    doc
      .font('Helvetica-Bold')
      .fontSize(9)
      .fillColor(INK)
      .text('BOLLETTINO POSTALE PA', left + 4, postalTop + 6);
    drawMatrix(
      doc,
      'datamatrix',
      posteDataMatrixPayload({
        noticeNumber: option.noticeNumber,
        postalAccount: postal.number,
        amountCents: option.amountCents,
        creditorFiscalCode: input.creditor.fiscalCode,
        debtorFiscalCode: input.debtor.fiscalCode,
        debtorName: input.debtor.fullName,
        subject: input.subject,
      }),
      '',
      left + 4,
      postalTop + 20,
    );
    const postalRows: [string, string][] = [
      ['sul C/C n.', postal.number],
      ['Intestato a', postal.holder],
      ['Importo', amount],
      ['Codice Avviso', formatNoticeNumber(option.noticeNumber)],
      ['Tipo', 'P.A.'],
      ['Cod. Fiscale Ente Creditore', input.creditor.fiscalCode],
    ];
    doc.y = postalTop + 20;
    for (const [name, text] of postalRows) {
      doc
        .font('Helvetica-Bold')
        .fontSize(8)
        .text(`${name}: `, textLeft, doc.y + 1, { continued: true, width: textWidth });
      doc.font('Helvetica').text(text);
    }
    doc.y = Math.max(doc.y, postalTop + 20 + CODE_SIZE) + 8;
  }
}

/**
 * The avviso di pagamento as an A4 PDF: ente and payer, what and when to pay, and one payment
 * block per option (rata unica and/or each instalment) with its own notice number and pagoPA QR
 * code; with a postal account, each block also carries the Bollettino Postale PA and its Data
 * Matrix. Codes are drawn as vectors, as the pagoPA guide asks. Throws PaymentNoticeError or the
 * DomainError of the field at fault.
 */
export async function renderPaymentNoticePdf(input: PaymentNoticeInput): Promise<Buffer> {
  validate(input);
  const instalments = input.instalments ?? [];
  const blocks: PaymentBlock[] = [
    ...(input.single ? [{ title: 'RATA UNICA', option: input.single }] : []),
    ...instalments.map((option, i) => ({ title: `RATA ${i + 1} DI ${instalments.length}`, option })),
  ];
  const doc = new PDFDocument({
    size: 'A4',
    margin: PAGE_MARGIN,
    lang: 'it-IT',
    info: {
      Title: `Avviso di pagamento - ${input.subject}`,
      Author: input.creditor.name,
      Subject: input.subject,
    },
  });
  const chunks: Buffer[] = [];
  const done = new Promise<Buffer>((resolve, reject) => {
    doc.on('data', (chunk: Buffer) => chunks.push(chunk));
    doc.on('end', () => resolve(Buffer.concat(chunks)));
    doc.on('error', reject);
  });
  header(doc, input);
  for (const block of blocks) paymentBlock(doc, input, block);
  doc.end();
  return done;
}
