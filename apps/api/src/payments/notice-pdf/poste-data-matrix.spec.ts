import { posteDataMatrixPayload } from './poste-data-matrix';

describe(posteDataMatrixPayload.name, () => {
  const data = {
    noticeNumber: '301202600000000103',
    postalAccount: '1234567',
    amountCents: 5100,
    creditorFiscalCode: '01199250158',
    debtorFiscalCode: 'RSSMRA85T10A562S',
    debtorName: 'Niccolò Rossi',
    subject: 'Diritti di celebrazione del matrimonio civile',
  };

  it('is 256 characters where io-app reads notice, amount and ente back', () => {
    const sut = posteDataMatrixPayload(data);
    expect(sut).toHaveLength(256);
    expect(sut.startsWith('codfase=NBPA;18301202600000000103120000012345671000000051003896')).toBe(true);
    expect(sut.slice(15, 33)).toBe(data.noticeNumber);
    expect(sut.slice(49, 59)).toBe('0000005100');
    expect(sut.slice(66, 77)).toBe(data.creditorFiscalCode);
    expect(sut.slice(77, 93)).toBe(data.debtorFiscalCode);
    expect(sut.slice(93, 133).trimEnd()).toBe('Niccolo Rossi');
    expect(sut.endsWith(`${' '.repeat(12)}A`)).toBe(true);
  });

  it('pads a missing debtor fiscal code and cuts a long causale to its field', () => {
    const sut = posteDataMatrixPayload({ ...data, debtorFiscalCode: undefined, subject: 'x'.repeat(200) });
    expect(sut).toHaveLength(256);
    expect(sut.slice(77, 93)).toBe(' '.repeat(16));
    expect(sut.slice(133, 243)).toBe('x'.repeat(110));
  });

  it('refuses a postal account that is not 1 to 12 digits', () => {
    expect(() => posteDataMatrixPayload({ ...data, postalAccount: 'IT12' })).toThrow(
      expect.objectContaining({ code: 'INVALID_PAYMENT_NOTICE' }),
    );
  });
});
