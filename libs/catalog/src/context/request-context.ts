import { randomUUID } from 'node:crypto';

/** SPID/CIE level of assurance of a citizen's login (L1 is not accepted for personal data). */
export type LevelOfAssurance = 'L2' | 'L3';

/** Roles of staff: per ente (operator, modeller, enteAdmin) or regional (regionalAdmin, templateEditor). */
export type StaffRole = 'operator' | 'modeller' | 'enteAdmin' | 'regionalAdmin' | 'templateEditor';

export interface StaffRoleGrant {
  /** IPA code of the ente; absent for a regional role. */
  enteCode?: string;
  role: StaffRole;
}

/** Who is acting. Every service method receives it (inside `RequestContext`) as its first argument. */
export type Actor =
  | { kind: 'anonymous' }
  /** The platform itself: migrations, seed, workflow activities, scheduled jobs. */
  | { kind: 'system' }
  | {
      kind: 'citizen';
      /** Codice fiscale, upper case, without the `TINIT-` prefix of the SPID claim. */
      fiscalCode: string;
      name: string;
      familyName: string;
      email?: string;
      loa: LevelOfAssurance;
    }
  | { kind: 'staff'; userId: string; name: string; roles: StaffRoleGrant[] }
  | { kind: 'integrator'; keyId: string; enteCode: string; scopes: string[] };

export type ActorKind = Actor['kind'];

export interface RequestContext {
  /** Follows the request through logs, workflows and the audit log. */
  requestId: string;
  actor: Actor;
}

/** For work the platform does on its own behalf (activities, jobs): never built from a request. */
export function systemContext(requestId: string = randomUUID()): RequestContext {
  return { requestId, actor: { kind: 'system' } };
}

export function anonymousContext(requestId: string = randomUUID()): RequestContext {
  return { requestId, actor: { kind: 'anonymous' } };
}

/** The enti a staff member may act in; `'all'` for a regional role (which spans every ente). */
export function staffEnti(actor: Actor): string[] | 'all' {
  if (actor.kind !== 'staff') return [];
  if (actor.roles.some((grant) => grant.enteCode === undefined)) return 'all';
  return [...new Set(actor.roles.map((grant) => grant.enteCode as string))];
}
