import { parseCashCausale } from './cash-causale';

describe(parseCashCausale.name, () => {
  it('reads the flow of an aggregated PSP transfer', () => {
    expect(parseCashCausale('/PUR/LGPE-RIVERSAMENTO/URI/2026-11-20SIGPITM1XXX-S000000042')).toEqual({
      kind: 'flow',
      flowId: '2026-11-20SIGPITM1XXX-S000000042',
    });
  });

  it('tolerates the prefixes and the spaces banks insert, and markers in lower case', () => {
    expect(
      parseCashCausale('RI1 BONIFICO /pur/LGPE- RIVERSAMENTO/URI/2026-11-20SIGPITM1XXX -S000000042 '),
    ).toEqual({ kind: 'flow', flowId: '2026-11-20SIGPITM1XXX-S000000042' });
    expect(parseCashCausale('ACCREDITO\n/PUR/LGPE-RIVERSAMENTO/URI/2026-11-20ABCD-1/TXT/extra')).toEqual({
      kind: 'flow',
      flowId: '2026-11-20ABCD-1',
    });
  });

  it('reads single-payment transfers /RFS/ (with the amount) and /RFB/ (amount optional)', () => {
    expect(parseCashCausale('/RFS/01202600000099105/150.50/TXT/TARI ACCONTO')).toEqual({
      kind: 'single',
      iuv: '01202600000099105',
      amountCents: 15050,
    });
    expect(parseCashCausale('BONIFICO /RFB/ 0120260000009 9105/12,00')).toEqual({
      kind: 'single',
      iuv: '01202600000099105',
      amountCents: 1200,
    });
    expect(parseCashCausale('/RFB/01202600000099105/TXT/senza importo')).toEqual({
      kind: 'single',
      iuv: '01202600000099105',
    });
    expect(parseCashCausale('/RFB/01202600000099105')).toEqual({ kind: 'single', iuv: '01202600000099105' });
  });

  it('leaves other income alone', () => {
    expect(parseCashCausale('CANONE LOCAZIONE IMMOBILE VIA ROMA 3')).toEqual({ kind: 'other' });
    expect(parseCashCausale('')).toEqual({ kind: 'other' });
  });
});
