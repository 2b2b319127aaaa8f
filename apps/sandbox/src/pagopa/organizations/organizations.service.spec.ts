import { OrganizationsService } from './organizations.service';

describe(OrganizationsService.name, () => {
  const comune = {
    fiscalCode: '01199250158',
    companyName: 'Comune A',
    subscriptionKeys: ['key-a-000001', 'key-broker-01'],
  };
  const altro = {
    fiscalCode: '86334519757',
    companyName: 'Comune B',
    subscriptionKeys: ['key-b-000001', 'key-broker-01'],
  };

  it('lets a key act only for the enti it is enabled for; an intermediary key may serve several', () => {
    const sut = new OrganizationsService([comune, altro]);
    expect(sut.checkKey(undefined, comune.fiscalCode)).toBe('missing');
    expect(sut.checkKey('unknown-key-1', comune.fiscalCode)).toBe('unknown');
    expect(sut.checkKey('key-b-000001', comune.fiscalCode)).toBe('forbidden');
    expect(sut.checkKey('key-a-000001', comune.fiscalCode)).toBe('ok');
    expect(sut.checkKey('key-broker-01', comune.fiscalCode)).toBe('ok');
    expect(sut.checkKey('key-broker-01', altro.fiscalCode)).toBe('ok');
    expect(sut.checkKey('key-a-000001', undefined)).toBe('ok');
  });

  it('refuses an ente with an invalid fiscal code and returns to the start-up enti on reset', () => {
    const sut = new OrganizationsService([comune]);
    expect(() => sut.upsert({ ...altro, fiscalCode: '86334519758' })).toThrow();
    sut.upsert(altro);
    expect(sut.list()).toHaveLength(2);
    sut.reset();
    expect(sut.list().map((org) => org.fiscalCode)).toEqual([comune.fiscalCode]);
  });
});
