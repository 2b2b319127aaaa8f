import { isSenderAllowed } from './citizen-profile';
import { ProfilesService } from './profiles.service';
import { CITIZEN_BLOCKING_SERVICES, CITIZEN_NOT_ON_IO } from './test-citizens';

describe(ProfilesService.name, () => {
  const MARIO = 'RSSMRA80A01L424F';

  it('seeds the test users on IO, except one who is not on IO and one who blocks every service', () => {
    const sut = new ProfilesService();
    expect(sut.get(CITIZEN_NOT_ON_IO)).toBeUndefined();
    expect(isSenderAllowed(sut.get(CITIZEN_BLOCKING_SERVICES)!, 'svc-any')).toBe(false);
    expect(isSenderAllowed(sut.get(MARIO)!, 'svc-any')).toBe(true);
    expect(sut.get(MARIO)).toMatchObject({ email: 'mario.rossi@example.it', preferredLanguages: ['it_IT'] });
  });

  it('changes only the given fields, merges service choices, and returns to the seed on reset', () => {
    const sut = new ProfilesService();
    sut.upsert(MARIO, { senderAllowed: { 'svc-tributi': false } });
    sut.upsert(MARIO, {
      senderAllowed: { 'svc-anagrafe': true },
      email: null,
      preferredLanguages: ['de_DE'],
    });
    const mario = sut.get(MARIO)!;
    expect(mario.senderAllowed).toEqual({ 'svc-tributi': false, 'svc-anagrafe': true });
    expect(mario.email).toBeUndefined();
    expect(mario.preferredLanguages).toEqual(['de_DE']);
    expect(isSenderAllowed(mario, 'svc-tributi')).toBe(false);

    sut.upsert(CITIZEN_NOT_ON_IO, {});
    expect(sut.get(CITIZEN_NOT_ON_IO)?.senderAllowedByDefault).toBe(true);
    expect(() => sut.upsert(MARIO, { preferredLanguages: ['italiano'] })).toThrow();

    sut.reset();
    expect(sut.get(CITIZEN_NOT_ON_IO)).toBeUndefined();
    expect(sut.get(MARIO)?.senderAllowed).toEqual({});
  });
});
