import { parseReceiptXml, retryAfter } from './gpd.client';

describe('retryAfter', () => {
  it('reads seconds and HTTP dates, caps them, and ignores what it cannot read', () => {
    expect(retryAfter('7')).toBe(7000);
    expect(retryAfter('0')).toBe(0);
    expect(retryAfter(null)).toBeUndefined();
    expect(retryAfter('soon')).toBeUndefined();
    expect(retryAfter('-3')).toBeUndefined();
    expect(retryAfter('86400')).toBe(10 * 60_000);
    const inTwoMinutes = new Date(Date.now() + 120_000).toUTCString();
    expect(retryAfter(inTwoMinutes)).toBeGreaterThan(100_000);
    expect(retryAfter(inTwoMinutes)).toBeLessThanOrEqual(120_000);
  });
});

describe('parseReceiptXml', () => {
  it('takes the receipt id, notice, amount in cents and payment time from a paSendRTV2 receipt', () => {
    const xml =
      '<receipt><receiptId>rt-123</receiptId><noticeNumber>302000000000000123</noticeNumber>' +
      '<paymentAmount>1234.56</paymentAmount><paymentDateTime>2026-11-25T10:00:00</paymentDateTime>' +
      '<pspCompanyName>Tabaccheria</pspCompanyName></receipt>';
    expect(parseReceiptXml(xml, '02000000000000123')).toEqual({
      receiptId: 'rt-123',
      noticeNumber: '302000000000000123',
      iuv: '02000000000000123',
      amountCents: 123456,
      paymentDateTime: '2026-11-25T10:00:00',
      pspCompanyName: 'Tabaccheria',
    });
  });

  it('returns nothing for a receipt missing what SUS records', () => {
    expect(parseReceiptXml('<receipt><receiptId>x</receiptId></receipt>', '1')).toBeUndefined();
  });
});
