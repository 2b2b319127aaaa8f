import { fiscalCodeCheckCharacter } from '@sus/domain';
import { CatalogError } from '../catalog-error';
import { readExtract } from './identity-document-import';

const mario = 'RSSMRA80A01L424' + fiscalCodeCheckCharacter('RSSMRA80A01L424');

describe(readExtract.name, () => {
  it('reads Italian headers and dates, and reports each bad line on the line it starts on', () => {
    const csv = [
      'Codice Fiscale;Numero Carta;Data Scadenza;Mail',
      `${mario};CA00000AA;31/01/2027;"mario@`,
      'example.it"',
      '',
      'XXXXXX;CA11111BB;2027-02-30;',
      `${mario};CA22222CC;2027-03-01;mario@example.it`,
    ].join('\n');

    const { rows, rejected } = readExtract(csv);

    expect(rows).toEqual([
      {
        line: 6,
        fiscalCode: mario,
        documentNumber: 'CA22222CC',
        expiryDate: '2027-03-01',
        email: 'mario@example.it',
      },
    ]);
    expect(rejected.map((problem) => [problem.line, problem.field])).toEqual([
      [2, 'email'],
      [5, 'fiscal_code'],
      [5, 'expiry_date'],
    ]);
  });

  it('refuses a header without the required columns, and an empty file', () => {
    expect(() => readExtract('fiscal_code,email\nX,y\n')).toThrow(/missing: documentNumber, expiryDate/);
    expect(() => readExtract('\n\n')).toThrow(CatalogError);
  });
});
