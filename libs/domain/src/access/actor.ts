/** SPID/CIE level of assurance of a citizen's login (L1 is not accepted for personal data). */
export type LevelOfAssurance = 'L2' | 'L3';

/** Roles of staff: per ente (operator, modeller, enteAdmin, finance) or regional (regionalAdmin, templateEditor). */
export type StaffRole =
  'operator' | 'modeller' | 'enteAdmin' | 'finance' | 'regionalAdmin' | 'templateEditor';

export interface StaffRoleGrant {
  /** IPA code of the ente; absent for a regional role. */
  enteCode?: string;
  role: StaffRole;
  /**
   * Codes of the org units the person works in, in the grant's ente (from the staff IdP). Staff
   * tasks assigned to a unit are theirs only when they work in it.
   */
  units?: string[];
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

/** Anything that carries an actor: a request context, a workflow's recorded caller. */
export interface Acting {
  actor: Actor;
}

/**
 * The enti a staff member may act in; `'all'` for the regional administrator (who spans every
 * ente). Role-aware since issue 11: a per-ente role counts only with its ente (an "operator" grant
 * without one is ignored, not region-wide), a regional role only without one, and a template
 * editor's grant names no ente at all (regional templates only, no ente data). For personal data
 * and money use `can` (permissions.ts), which also looks at the role.
 */
export function staffEnti(actor: Actor): string[] | 'all' {
  if (actor.kind !== 'staff') return [];
  if (actor.roles.some((grant) => grant.role === 'regionalAdmin' && grant.enteCode === undefined))
    return 'all';
  const perEnte = actor.roles.filter(
    (grant) => grant.enteCode && grant.role !== 'regionalAdmin' && grant.role !== 'templateEditor',
  );
  return [...new Set(perEnte.map((grant) => grant.enteCode as string))];
}

/** Thrown by a service when ctx may not act on the data asked for; GraphQL shows it as FORBIDDEN. */
export class AccessDeniedError extends Error {
  override readonly name = 'AccessDeniedError';
  readonly code = 'FORBIDDEN';
}

/**
 * Whether ctx may act inside `enteCode`: staff holding a role there or a regional role, the
 * ente's own integrator keys, the platform itself. Services call `assertActsFor` as a second wall
 * behind the resolvers' @Allow rules, so a service reused elsewhere (a worker activity, another
 * resolver) cannot leak another ente's rows.
 */
export function actsFor(ctx: Acting, enteCode: string): boolean {
  const actor = ctx.actor;
  if (actor.kind === 'system') return true;
  if (actor.kind === 'integrator') return actor.enteCode === enteCode;
  const enti = staffEnti(actor);
  return enti === 'all' || enti.includes(enteCode);
}

export function assertActsFor(ctx: Acting, enteCode: string): void {
  if (!actsFor(ctx, enteCode)) {
    throw new AccessDeniedError(`Not allowed to act for ente ${enteCode}.`);
  }
}

/**
 * How logs, audit entries and workflow histories name a staff user or an integrator key, e.g.
 * `staff:<issuer>/<sub>`, `apiKey:<id>`; undefined for the others (a citizen is named by a
 * pseudonym the audit log computes, anonymous and system callers by their kind).
 */
export function accountReference(actor: Actor): string | undefined {
  if (actor.kind === 'staff') return `staff:${actor.userId}`;
  if (actor.kind === 'integrator') return `apiKey:${actor.keyId}`;
  return undefined;
}
