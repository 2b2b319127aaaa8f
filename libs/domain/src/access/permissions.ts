import type { Acting, Actor, StaffRole, StaffRoleGrant } from './actor';
import { AccessDeniedError } from './actor';

/**
 * What an actor may do, per ente (docs/roles.md is the matrix in prose):
 * - `payments:read`  an ente's payments, with the payers' names and fiscal codes (personal data);
 * - `payments:write` issue and cancel an ente's payment notices (money moves);
 * - `audit:read`     an ente's audit log (who did what: personal data);
 * - `catalog:write`  adopt and change an ente's procedures and services;
 * - `model:write`    the region's concepts and procedure templates (regional, no ente);
 * - `ente:admin`     an ente's profile, org units, role holders and API keys;
 * - `platform:admin` the platform's probes and operations (regional);
 * - `cases:read`     an ente's cases (pratiche) and staff tasks, with the applicants' data;
 * - `cases:write`    work an ente's cases: claim and decide tasks, cancel a case;
 * - `messages:read`  the messages sent to an ente's citizens and their delivery records;
 * - `messages:send`  send App IO / e-mail messages to citizens on behalf of the ente;
 * - `reconciliation:read`  an ente's reconciliation (settlement flows, cash movements, anomalies,
 *                    totals per accounting reference) and its payment statistics;
 * - `reconciliation:write` import an ente's settlement flows and the treasurer's cash journal;
 * - `monitoring:read` the region's payment statistics across every ente (regional).
 */
export const PERMISSIONS = [
  'payments:read',
  'payments:write',
  'audit:read',
  'catalog:write',
  'model:write',
  'ente:admin',
  'platform:admin',
  'cases:read',
  'cases:write',
  'messages:read',
  'messages:send',
  'reconciliation:read',
  'reconciliation:write',
  'monitoring:read',
] as const;
export type Permission = (typeof PERMISSIONS)[number];

/** Roles held per ente (a grant must name the ente) and regional roles (a grant must not). */
export const ENTE_ROLES: readonly StaffRole[] = ['operator', 'modeller', 'enteAdmin', 'finance'];
export const REGIONAL_ROLES: readonly StaffRole[] = ['regionalAdmin', 'templateEditor'];

/**
 * The permissions of each staff role. A per-ente role's hold in its own ente only; a regional
 * role's hold in every ente. Least privilege: modellers model and never see payments; template
 * editors edit regional templates and see no ente's data; the regional administrator oversees
 * (reads payments and audit, administers) but does not move an ente's money.
 */
export const ROLE_PERMISSIONS: Readonly<Record<StaffRole, readonly Permission[]>> = {
  operator: [
    'payments:read',
    'payments:write',
    'cases:read',
    'cases:write',
    'messages:read',
    'messages:send',
  ],
  modeller: ['catalog:write'],
  enteAdmin: [
    'payments:read',
    'payments:write',
    'audit:read',
    'catalog:write',
    'ente:admin',
    'cases:read',
    'cases:write',
    'messages:read',
    'messages:send',
    'reconciliation:read',
    'reconciliation:write',
  ],
  // The ragioneria (issue 19): issues the ente's notices in bulk and reconciles its income; no
  // cases, no messages, no administration.
  finance: ['payments:read', 'payments:write', 'reconciliation:read', 'reconciliation:write'],
  regionalAdmin: [
    'payments:read',
    'audit:read',
    'catalog:write',
    'model:write',
    'ente:admin',
    'platform:admin',
    'cases:read',
    'messages:read',
    'reconciliation:read',
    'monitoring:read',
  ],
  templateEditor: ['model:write'],
};

/** Permissions regional by nature: they are never held through an ente (nor by an ente's key). */
export const REGIONAL_PERMISSIONS: readonly Permission[] = [
  'model:write',
  'platform:admin',
  'monitoring:read',
];

/** What each integrator key scope lets a key do in its own ente (scopes not listed grant nothing here). */
export const SCOPE_PERMISSIONS: Readonly<Record<string, readonly Permission[]>> = {
  'payments:read': ['payments:read'],
  'payments:write': ['payments:write'],
  'audit:read': ['audit:read'],
  'catalog:write': ['catalog:write'],
  'cases:read': ['cases:read'],
  'cases:write': ['cases:write'],
  'messages:read': ['messages:read'],
  'messages:send': ['messages:send'],
  'reconciliation:read': ['reconciliation:read'],
  'reconciliation:write': ['reconciliation:write'],
};

/**
 * Whether a grant counts: a per-ente role needs its ente, a regional role must have none. A
 * malformed grant (an operator "of the whole region", a template editor "of Trieste") is ignored,
 * never widened: before issue 11 an ente role without ente spanned every ente.
 */
export function isEffectiveGrant(grant: StaffRoleGrant): boolean {
  return REGIONAL_ROLES.includes(grant.role) ? grant.enteCode === undefined : Boolean(grant.enteCode);
}

function grantAllows(grant: StaffRoleGrant, permission: Permission, enteCode: string | undefined): boolean {
  if (!isEffectiveGrant(grant) || !ROLE_PERMISSIONS[grant.role].includes(permission)) return false;
  if (REGIONAL_PERMISSIONS.includes(permission)) return grant.enteCode === undefined;
  if (grant.enteCode === undefined) return true; // regional role: every ente
  return grant.enteCode === enteCode;
}

/**
 * Whether `actor` holds `permission` in `enteCode` (omit it for a regional permission). Pure: the
 * access rules (@Allow) and the services' second wall both ask it. Citizens and anonymous callers
 * hold no permission; what a citizen sees of their own data is decided where that data is read.
 */
export function can(actor: Actor, permission: Permission, enteCode?: string): boolean {
  switch (actor.kind) {
    case 'system':
      return true;
    case 'staff':
      if (enteCode === undefined && !REGIONAL_PERMISSIONS.includes(permission)) return false;
      return actor.roles.some((grant) => grantAllows(grant, permission, enteCode));
    case 'integrator':
      return (
        enteCode !== undefined &&
        enteCode === actor.enteCode &&
        !REGIONAL_PERMISSIONS.includes(permission) &&
        actor.scopes.some((scope) => SCOPE_PERMISSIONS[scope]?.includes(permission) ?? false)
      );
    default:
      return false;
  }
}

/**
 * Whether `actor` holds `permission` in at least one ente (or regionally): for an operation whose
 * ente is known only from the row, so the rule lets the caller through and the service decides
 * with `can` on the row's ente.
 */
export function canSomewhere(actor: Actor, permission: Permission): boolean {
  switch (actor.kind) {
    case 'system':
      return true;
    case 'staff':
      return actor.roles.some(
        (grant) =>
          isEffectiveGrant(grant) &&
          ROLE_PERMISSIONS[grant.role].includes(permission) &&
          (!REGIONAL_PERMISSIONS.includes(permission) || grant.enteCode === undefined),
      );
    case 'integrator':
      return can(actor, permission, actor.enteCode);
    default:
      return false;
  }
}

/** The second wall of a service: throws FORBIDDEN unless ctx holds `permission` in `enteCode`. */
export function assertCan(ctx: Acting, permission: Permission, enteCode?: string): void {
  if (!can(ctx.actor, permission, enteCode)) {
    throw new AccessDeniedError(
      enteCode ? `Not allowed: ${permission} for ente ${enteCode}.` : `Not allowed: ${permission}.`,
    );
  }
}
