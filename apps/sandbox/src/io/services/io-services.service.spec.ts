import { IoServicesService, SubscriptionKeyTakenError } from './io-services.service';

describe(IoServicesService.name, () => {
  const anagrafe = { serviceId: 'svc-anagrafe', name: 'Anagrafe', subscriptionKeys: ['key-anagrafe-1'] };
  const tributi = { serviceId: 'svc-tributi', name: 'Tributi', subscriptionKeys: ['key-tributi-01'] };

  it('finds the service a key acts as, and refuses to give one key to two services', () => {
    const sut = new IoServicesService([anagrafe]);
    expect(sut.byKey('key-anagrafe-1')?.serviceId).toBe('svc-anagrafe');
    expect(sut.byKey('key-unknown-1')).toBeUndefined();
    expect(() => sut.upsert({ ...tributi, subscriptionKeys: ['key-anagrafe-1'] })).toThrow(
      SubscriptionKeyTakenError,
    );
    sut.upsert({ ...anagrafe, subscriptionKeys: ['key-anagrafe-2'] });
    expect(sut.byKey('key-anagrafe-1')).toBeUndefined();
  });

  it('returns to the start-up services on reset', () => {
    const sut = new IoServicesService([anagrafe]);
    sut.upsert(tributi);
    expect(sut.list()).toHaveLength(2);
    sut.reset();
    expect(sut.list().map((service) => service.serviceId)).toEqual(['svc-anagrafe']);
    expect(sut.get('svc-anagrafe')?.maxAllowedPaymentAmount).toBe(9_999_999_999);
  });
});
