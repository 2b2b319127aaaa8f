import { z } from 'zod';

/** What IO keeps of a citizen that matters to a sender: the profile behind `LimitedProfile`. */
export interface CitizenProfile {
  fiscalCode: string;
  /** Shown on the sandbox inbox page only; IO never tells a sender the citizen's name. */
  displayName?: string;
  /** The citizen's e-mail on IO; a PROCESSED message reports `notification.email: SENT` when present. */
  email?: string;
  /** ISO 639-1 + ISO 3166-1, e.g. it_IT, in order of preference. */
  preferredLanguages: string[];
  /** The citizen's explicit choice per service id (IO's service preferences). */
  senderAllowed: Record<string, boolean>;
  /**
   * For services the citizen made no choice about: true in IO's AUTO mode (every service may
   * write), false in MANUAL mode (only the services switched on).
   */
  senderAllowedByDefault: boolean;
}

const language = z.string().regex(/^[a-z]{2}_[A-Z]{2}$/, 'like it_IT');

/** Body of `PUT /__sandbox/io/profiles/<fiscalCode>`: given fields replace the stored ones. */
export const profileChange = z
  .object({
    displayName: z.string().min(1).max(200).optional(),
    email: z.email().nullable().optional(),
    preferredLanguages: z.array(language).optional(),
    senderAllowed: z.record(z.string().min(1), z.boolean()).optional(),
    senderAllowedByDefault: z.boolean().optional(),
  })
  .strict();

export type ProfileChange = z.infer<typeof profileChange>;

export function isSenderAllowed(profile: CitizenProfile, serviceId: string): boolean {
  return profile.senderAllowed[serviceId] ?? profile.senderAllowedByDefault;
}
