import { PersonalDataMinimiser } from './personal-data';

describe(PersonalDataMinimiser.name, () => {
  const sut = new PersonalDataMinimiser('a-test-key-of-at-least-thirty-two-characters');

  it('replaces fiscal codes by a stable keyed pseudonym, wherever they are', () => {
    const out = JSON.stringify(
      sut.minimise({
        spouse: { fiscalCode: 'rssmra80a01l424f' },
        note: 'BNCGLI85C55L424K',
        list: ['TINIT-RSSMRA80A01L424F'],
      }),
    );
    expect(out).not.toMatch(/RSSMRA|BNCGLI/i);
    expect(out).toContain(`cf:${sut.pseudonym('RSSMRA80A01L424F')}`);
    expect(sut.pseudonym('RSSMRA80A01L424F')).not.toBe(
      new PersonalDataMinimiser('another-key-of-at-least-thirty-two-chars').pseudonym('RSSMRA80A01L424F'),
    );
  });

  it('drops contact data and secrets, keeps the rest', () => {
    expect(sut.minimise({ email: 'a@b.it', key: 'sus_x', name: 'protocollo', amount: 51 })).toEqual({
      email: '[omesso]',
      key: '[omesso]',
      name: 'protocollo',
      amount: 51,
    });
  });

  it('writes dates as ISO strings, and an impossible date without failing (schema fuzz, issue 11)', () => {
    expect(sut.minimise({ at: new Date('2030-01-31T00:00:00Z'), bad: new Date('not a date') })).toEqual({
      at: '2030-01-31T00:00:00.000Z',
      bad: 'Invalid Date',
    });
  });
});
