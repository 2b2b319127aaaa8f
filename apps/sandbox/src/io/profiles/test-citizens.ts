import { TEST_USERS } from '../../identity/test-users';
import type { CitizenProfile } from './citizen-profile';

/** Anna Ferrari has not installed App IO: profile look-ups answer 404, messages end REJECTED. */
export const CITIZEN_NOT_ON_IO = 'FRRNNA90E50F081R';

/**
 * Luca Verdi uses IO with every service switched off (IO's MANUAL mode with no service enabled):
 * `sender_allowed` is false for every service until a test or operator allows one.
 */
export const CITIZEN_BLOCKING_SERVICES = 'VRDLCU72S30F081P';

const PREFERRED_LANGUAGES: Record<string, string[]> = {
  BNCGLI85C55L424K: ['it_IT', 'en_GB'],
};

/** Every SPID test user of the sandbox IdP is on IO, apart from the two exceptions above. */
export function testCitizenProfiles(): CitizenProfile[] {
  return TEST_USERS.map((user) => ({
    fiscalCode: user.fiscalNumber.replace(/^TINIT-/, ''),
    displayName: `${user.name} ${user.familyName}`,
    email: user.email,
    preferredLanguages: ['it_IT'],
    senderAllowed: {},
    senderAllowedByDefault: true,
  }))
    .filter((profile) => profile.fiscalCode !== CITIZEN_NOT_ON_IO)
    .map((profile) => ({
      ...profile,
      preferredLanguages: PREFERRED_LANGUAGES[profile.fiscalCode] ?? profile.preferredLanguages,
      senderAllowedByDefault: profile.fiscalCode !== CITIZEN_BLOCKING_SERVICES,
    }));
}
