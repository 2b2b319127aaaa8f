import { SaxesParser } from 'saxes';
import { CatalogError } from '../catalog-error';
import { FLOW_ID_SHAPE, type SettlementFlowHeader, type SettlementFlowLine } from './settlement-flow';

/** Amounts as the schema writes them: digits, '.', two decimals (a leading '-' for revocations). */
const AMOUNT = /^-?\d{1,9}\.\d{2}$/;
const DATE = /^\d{4}-\d{2}-\d{2}$/;
const OUTCOMES = new Set(['0', '3', '4', '8', '9']);

function cents(text: string, where: string): number {
  if (!AMOUNT.test(text))
    throw invalid(`${where}: "${text}" is not an amount with two decimals (e.g. 150.50)`);
  const negative = text.startsWith('-');
  const [units, decimals] = text.replace('-', '').split('.') as [string, string];
  const value = Number(units) * 100 + Number(decimals);
  return negative ? -value : value;
}

function invalid(message: string): CatalogError {
  return new CatalogError('INVALID_SETTLEMENT_FLOW', `Settlement flow refused: ${message}.`, 'file');
}

/**
 * Reads a FlussoRiversamento (FlussoRiversamento_1_0_4.xsd) as it streams in: `write` takes the
 * next chunk and answers the lines completed by it, so a flow of any size is never held whole;
 * `close` checks the file ended and answers the header. Element names are read without their
 * namespace prefix (`pay_i:` or a default namespace). Anything the schema forbids that SUS relies
 * on (a missing IUV, an amount with other than two decimals, an unknown outcome code, an index
 * outside 1-5) refuses the flow with the line number; the caller then writes nothing.
 */
export class SettlementFlowXmlReader {
  private readonly parser = new SaxesParser({ position: true });
  private readonly path: string[] = [];
  private text = '';
  private readonly header: Record<string, string> = {};
  private current: Record<string, string> | undefined;
  private pending: SettlementFlowLine[] = [];
  private lineCount = 0;
  private sawRoot = false;

  constructor() {
    this.parser.on('opentag', (tag) => {
      const name = tag.name.slice(tag.name.indexOf(':') + 1);
      this.path.push(name);
      this.text = '';
      if (this.path.length === 1) {
        if (name !== 'FlussoRiversamento')
          throw invalid(`the root element is ${name}, not FlussoRiversamento`);
        this.sawRoot = true;
      }
      if (name === 'datiSingoliPagamenti' && this.path.length === 2) this.current = {};
    });
    this.parser.on('text', (text) => {
      this.text += text;
    });
    this.parser.on('closetag', () => {
      const name = this.path.join('/');
      const leaf = this.path.pop()!;
      const value = this.text.trim();
      this.text = '';
      if (this.current && leaf === 'datiSingoliPagamenti' && this.path.length === 1) {
        this.pending.push(this.line(this.current));
        this.current = undefined;
      } else if (this.current) {
        this.current[leaf] = value;
      } else if (value !== '') {
        this.header[name.slice(name.indexOf('/') + 1)] = value;
      }
    });
    this.parser.on('error', (error) => {
      throw invalid(`not well-formed XML (${error.message})`);
    });
  }

  /** Feeds the next chunk; answers the lines it completed, in file order. */
  write(chunk: string): SettlementFlowLine[] {
    this.parser.write(chunk);
    const lines = this.pending;
    this.pending = [];
    return lines;
  }

  /** Ends the file: the header, checked for what the schema requires. */
  close(): SettlementFlowHeader {
    this.parser.close();
    if (!this.sawRoot) throw invalid('the file holds no FlussoRiversamento');
    const required = (key: string, label = key): string => {
      const value = this.header[key];
      if (value === undefined || value === '') throw invalid(`${label} is missing`);
      return value;
    };
    const flowId = required('identificativoFlusso');
    if (!FLOW_ID_SHAPE.test(flowId))
      throw invalid(`identificativoFlusso "${flowId}" is not 1-35 letters, digits, - or _`);
    const flowDate = required('dataOraFlusso');
    if (Number.isNaN(Date.parse(flowDate))) throw invalid(`dataOraFlusso "${flowDate}" is not a date-time`);
    const regulationDate = required('dataRegolamento');
    if (!DATE.test(regulationDate)) throw invalid(`dataRegolamento "${regulationDate}" is not YYYY-MM-DD`);
    const totalCount = required('numeroTotalePagamenti');
    if (!/^\d{1,15}$/.test(totalCount)) throw invalid(`numeroTotalePagamenti "${totalCount}" is not a count`);
    const pspName = this.header['istitutoMittente/denominazioneMittente'];
    return {
      flowId,
      revision: 1,
      flowDate: new Date(flowDate).toISOString(),
      regulationId: required('identificativoUnivocoRegolamento'),
      regulationDate,
      pspId: required(
        'istitutoMittente/identificativoUnivocoMittente/codiceIdentificativoUnivoco',
        'the PSP id',
      ),
      ...(pspName ? { pspName } : {}),
      receiverFiscalCode: required(
        'istitutoRicevente/identificativoUnivocoRicevente/codiceIdentificativoUnivoco',
        "the receiver's fiscal code",
      ),
      totalCount: Number(totalCount),
      totalCents: cents(required('importoTotalePagamenti'), 'importoTotalePagamenti'),
    };
  }

  private line(fields: Record<string, string>): SettlementFlowLine {
    this.lineCount += 1;
    const where = `payment ${this.lineCount} (XML line ${this.parser.line})`;
    const field = (key: string): string => {
      const value = fields[key];
      if (value === undefined || value === '') throw invalid(`${where}: ${key} is missing`);
      if (value.length > 35 && key.startsWith('identificativo'))
        throw invalid(`${where}: ${key} is over 35 characters`);
      return value;
    };
    const outcomeCode = field('codiceEsitoSingoloPagamento');
    if (!OUTCOMES.has(outcomeCode))
      throw invalid(`${where}: codiceEsitoSingoloPagamento ${outcomeCode} is unknown`);
    const outcomeDate = field('dataEsitoSingoloPagamento');
    if (!DATE.test(outcomeDate))
      throw invalid(`${where}: dataEsitoSingoloPagamento "${outcomeDate}" is not YYYY-MM-DD`);
    const index = fields.indiceDatiSingoloPagamento;
    if (index !== undefined && !/^[1-5]$/.test(index))
      throw invalid(`${where}: indiceDatiSingoloPagamento ${index} is not 1-5`);
    return {
      iuv: field('identificativoUnivocoVersamento'),
      iur: field('identificativoUnivocoRiscossione'),
      ...(index !== undefined ? { transferIndex: Number(index) } : {}),
      amountCents: cents(field('singoloImportoPagato'), `${where}: singoloImportoPagato`),
      outcomeCode,
      outcomeDate,
    };
  }
}

/** Writes a flow as the schema lays it out: for tests, benchmarks and the sandbox's downloads. */
export function settlementFlowXml(header: SettlementFlowHeader, lines: Iterable<SettlementFlowLine>): string {
  const euro = (value: number) =>
    `${value < 0 ? '-' : ''}${Math.floor(Math.abs(value) / 100)}.${String(Math.abs(value) % 100).padStart(2, '0')}`;
  const parts = [
    '<?xml version="1.0" encoding="UTF-8"?>\n',
    '<pay_i:FlussoRiversamento xmlns:pay_i="http://www.digitpa.gov.it/schemas/2011/Pagamenti/">\n',
    '<pay_i:versioneOggetto>1.0</pay_i:versioneOggetto>\n',
    `<pay_i:identificativoFlusso>${header.flowId}</pay_i:identificativoFlusso>\n`,
    `<pay_i:dataOraFlusso>${header.flowDate.replace(/\.\d{3}Z$/, '')}</pay_i:dataOraFlusso>\n`,
    `<pay_i:identificativoUnivocoRegolamento>${header.regulationId}</pay_i:identificativoUnivocoRegolamento>\n`,
    `<pay_i:dataRegolamento>${header.regulationDate}</pay_i:dataRegolamento>\n`,
    '<pay_i:istitutoMittente><pay_i:identificativoUnivocoMittente><pay_i:tipoIdentificativoUnivoco>B</pay_i:tipoIdentificativoUnivoco>',
    `<pay_i:codiceIdentificativoUnivoco>${header.pspId}</pay_i:codiceIdentificativoUnivoco></pay_i:identificativoUnivocoMittente>`,
    header.pspName
      ? `<pay_i:denominazioneMittente>${escapeXml(header.pspName)}</pay_i:denominazioneMittente>`
      : '',
    '</pay_i:istitutoMittente>\n',
    '<pay_i:istitutoRicevente><pay_i:identificativoUnivocoRicevente><pay_i:tipoIdentificativoUnivoco>G</pay_i:tipoIdentificativoUnivoco>',
    `<pay_i:codiceIdentificativoUnivoco>${header.receiverFiscalCode}</pay_i:codiceIdentificativoUnivoco></pay_i:identificativoUnivocoRicevente></pay_i:istitutoRicevente>\n`,
    `<pay_i:numeroTotalePagamenti>${header.totalCount}</pay_i:numeroTotalePagamenti>\n`,
    `<pay_i:importoTotalePagamenti>${euro(header.totalCents)}</pay_i:importoTotalePagamenti>\n`,
  ];
  for (const line of lines) {
    parts.push(
      '<pay_i:datiSingoliPagamenti>',
      `<pay_i:identificativoUnivocoVersamento>${line.iuv}</pay_i:identificativoUnivocoVersamento>`,
      `<pay_i:identificativoUnivocoRiscossione>${line.iur}</pay_i:identificativoUnivocoRiscossione>`,
      line.transferIndex !== undefined
        ? `<pay_i:indiceDatiSingoloPagamento>${line.transferIndex}</pay_i:indiceDatiSingoloPagamento>`
        : '',
      `<pay_i:singoloImportoPagato>${euro(line.amountCents)}</pay_i:singoloImportoPagato>`,
      `<pay_i:codiceEsitoSingoloPagamento>${line.outcomeCode}</pay_i:codiceEsitoSingoloPagamento>`,
      `<pay_i:dataEsitoSingoloPagamento>${line.outcomeDate}</pay_i:dataEsitoSingoloPagamento>`,
      '</pay_i:datiSingoliPagamenti>\n',
    );
  }
  parts.push('</pay_i:FlussoRiversamento>\n');
  return parts.join('');
}

function escapeXml(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}
