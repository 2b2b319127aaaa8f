import { newMessage } from './new-message';

describe('newMessage (IO NewMessage)', () => {
  const markdown = 'Gentile cittadino, il Comune la informa che la sua pratica è stata avviata. '.padEnd(
    80,
    '.',
  );
  const valid = { content: { subject: 'Avvio della pratica', markdown } };
  const errorsOf = (value: unknown) => {
    const result = newMessage.safeParse(value);
    return result.success ? [] : result.error.issues.map((issue) => issue.path.join('.'));
  };

  it('accepts the minimum message and applies IO defaults', () => {
    expect(newMessage.parse(valid)).toEqual({
      ...valid,
      time_to_live: 3600,
      feature_level_type: 'STANDARD',
    });
  });

  it('enforces the subject (10-120) and markdown (80-10000) lengths', () => {
    expect(errorsOf({ content: { subject: 'x'.repeat(9), markdown } })).toEqual(['content.subject']);
    expect(errorsOf({ content: { subject: 'x'.repeat(10), markdown } })).toEqual([]);
    expect(errorsOf({ content: { subject: 'x'.repeat(120), markdown } })).toEqual([]);
    expect(errorsOf({ content: { subject: 'x'.repeat(121), markdown } })).toEqual(['content.subject']);
    expect(errorsOf({ content: { subject: 'Avvio della pratica', markdown: 'x'.repeat(79) } })).toEqual([
      'content.markdown',
    ]);
    expect(errorsOf({ content: { subject: 'Avvio della pratica', markdown: 'x'.repeat(10_001) } })).toEqual([
      'content.markdown',
    ]);
    expect(errorsOf({})).toEqual(['content']);
  });

  it('checks payment data as the spec does: notice number shape, amount in cents, payee fiscal code', () => {
    const withPayment = (payment_data: unknown) => ({ content: { ...valid.content, payment_data } });
    const notice = '301000000000000095';
    expect(errorsOf(withPayment({ notice_number: notice, amount: 1 }))).toEqual([]);
    expect(newMessage.parse(withPayment({ notice_number: notice, amount: 1 })).content.payment_data).toEqual({
      notice_number: notice,
      amount: 1,
      invalid_after_due_date: false,
    });
    expect(errorsOf(withPayment({ notice_number: '401000000000000095', amount: 1 }))).toEqual([
      'content.payment_data.notice_number',
    ]);
    expect(errorsOf(withPayment({ notice_number: '30100000000000009', amount: 1 }))).toEqual([
      'content.payment_data.notice_number',
    ]);
    expect(errorsOf(withPayment({ notice_number: notice, amount: 0 }))).toEqual([
      'content.payment_data.amount',
    ]);
    expect(errorsOf(withPayment({ notice_number: notice, amount: 1.5 }))).toEqual([
      'content.payment_data.amount',
    ]);
    expect(
      errorsOf(withPayment({ notice_number: notice, amount: 10, payee: { fiscal_code: '0119925015' } })),
    ).toEqual(['content.payment_data.payee.fiscal_code']);
  });

  it('checks time_to_live, the fiscal code in the body, the due date and default addresses', () => {
    expect(errorsOf({ ...valid, time_to_live: 3599 })).toEqual(['time_to_live']);
    expect(errorsOf({ ...valid, fiscal_code: 'rssmra80a01l424f' })).toEqual(['fiscal_code']);
    expect(errorsOf({ ...valid, fiscal_code: 'RSSMRA80A01L424F' })).toEqual([]);
    expect(errorsOf({ content: { ...valid.content, due_date: '2026-12-31' } })).toEqual(['content.due_date']);
    expect(errorsOf({ content: { ...valid.content, due_date: '2026-12-31T23:59:59.000Z' } })).toEqual([]);
    expect(errorsOf({ ...valid, default_addresses: { email: 'not-an-address' } })).toEqual([
      'default_addresses.email',
    ]);
    expect(errorsOf({ ...valid, feature_level_type: 'PREMIUM' })).toEqual(['feature_level_type']);
  });
});
