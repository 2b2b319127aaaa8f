import { can, canSomewhere, type Actor, type Permission, type StaffRole } from '@sus/domain';

/**
 * One condition under which an operation may run. Rules only look at the actor and the
 * operation's arguments; which rows a caller may see is the service's job (filtered by `ctx`).
 */
export interface AccessRule {
  /** Shown in the permission matrix and in FORBIDDEN errors' details, e.g. `role(enteAdmin of $enteCode)`. */
  readonly description: string;
  allows(actor: Actor, args: Readonly<Record<string, unknown>>): boolean;
}

/** Reads `enteCode` or a dotted path such as `input.enteCode` from the GraphQL arguments. */
export function argumentAt(args: Readonly<Record<string, unknown>>, path: string): unknown {
  let value: unknown = args;
  for (const key of path.split('.')) {
    if (value === null || typeof value !== 'object') return undefined;
    value = (value as Record<string, unknown>)[key];
  }
  return value;
}

const REGIONAL_ROLES: ReadonlySet<StaffRole> = new Set(['regionalAdmin', 'templateEditor']);

/** Anyone, signed in or not (public catalogue data). */
export const anonymous: AccessRule = { description: 'anonymous', allows: () => true };

/** Any caller with valid credentials: citizen, staff or integrator key. */
export const authenticated: AccessRule = {
  description: 'authenticated',
  allows: (actor) => actor.kind === 'citizen' || actor.kind === 'staff' || actor.kind === 'integrator',
};

/** Any staff member, whatever the ente: for operations whose ente is known only from the row
 * (the service then checks it with assertActsFor or assertCan). */
export const staff: AccessRule = { description: 'staff', allows: (actor) => actor.kind === 'staff' };

/** Any signed-in citizen; the service restricts the data to the citizen's own (ctx.actor.fiscalCode). */
export const citizen: AccessRule = {
  description: 'citizen',
  allows: (actor) => actor.kind === 'citizen',
};

/** The platform acting on its own behalf (never reachable from a request; for completeness of rules). */
export const system: AccessRule = { description: 'system', allows: (actor) => actor.kind === 'system' };

/** Staff holding any role in the ente named by the argument (default `enteCode`). */
export function staffOf(enteArg = 'enteCode'): AccessRule {
  return {
    description: `staff of $${enteArg}`,
    allows: (actor, args) => {
      if (actor.kind !== 'staff') return false;
      const ente = argumentAt(args, enteArg);
      return typeof ente === 'string' && actor.roles.some((grant) => grant.enteCode === ente);
    },
  };
}

/**
 * Staff holding `role`. Per-ente roles need `ente` (the argument naming the ente); regional roles
 * (regionalAdmin, templateEditor) are held without an ente and span the whole region.
 */
export function role(required: StaffRole, options: { ente?: string } = {}): AccessRule {
  const regional = REGIONAL_ROLES.has(required);
  if (!regional && !options.ente)
    throw new TypeError(`role('${required}') is held per ente: say which argument names it ({ ente })`);
  return {
    description: regional ? `role ${required}` : `role ${required} of $${options.ente}`,
    allows: (actor, args) => {
      if (actor.kind !== 'staff') return false;
      if (regional) return actor.roles.some((grant) => grant.role === required && !grant.enteCode);
      const ente = argumentAt(args, options.ente as string);
      return (
        typeof ente === 'string' &&
        actor.roles.some((grant) => grant.role === required && grant.enteCode === ente)
      );
    },
  };
}

/** An integrator key carrying `required`, used for its own ente (the argument `ente`, when given). */
export function scope(required: string, options: { ente?: string } = {}): AccessRule {
  return {
    description: options.ente ? `scope ${required} for $${options.ente}` : `scope ${required}`,
    allows: (actor, args) => {
      if (actor.kind !== 'integrator' || !actor.scopes.includes(required)) return false;
      return !options.ente || argumentAt(args, options.ente) === actor.enteCode;
    },
  };
}

/**
 * Whoever holds `permission` (libs/domain permissions.ts, docs/roles.md) in the ente named by the
 * argument `ente`; without `ente`, a regional permission (model:write, platform:admin).
 */
export function permitted(permission: Permission, options: { ente?: string } = {}): AccessRule {
  return {
    description: options.ente ? `${permission} in $${options.ente}` : permission,
    allows: (actor, args) => {
      if (!options.ente) return can(actor, permission);
      const ente = argumentAt(args, options.ente);
      return typeof ente === 'string' && can(actor, permission, ente);
    },
  };
}

/**
 * Whoever holds `permission` in some ente: for an operation whose ente is known only from the row
 * (cancelPayment by notice number); the service then checks `can` on the row's ente.
 */
export function permittedSomewhere(permission: Permission): AccessRule {
  return {
    description: `${permission} in the row's ente`,
    allows: (actor) => canSomewhere(actor, permission),
  };
}

/**
 * Who changes an ente's procedures and services: its administrator and procedure modellers, the
 * region's administrator, and the ente's own integrator keys with catalog:write.
 */
export function catalogWriters(enteArg = 'enteCode'): [AccessRule, ...AccessRule[]] {
  return [permitted('catalog:write', { ente: enteArg })];
}

/**
 * Who models procedures (issue 13). With `enteArg`: whoever holds catalog:write in the ente it
 * names (the ente's modellers and administrator, the region, the ente's catalog:write keys), or,
 * when the argument is absent or null, model:write (the region's template editors, for a regional
 * template's drafts). Without `enteArg` (an operation that names only a draft): whoever models
 * somewhere; the service then answers NOT_FOUND for a draft that is not the caller's to model.
 */
export function procedureModellers(enteArg?: string): AccessRule {
  return {
    description: enteArg
      ? `catalog:write in $${enteArg}, or model:write without it`
      : 'catalog:write somewhere or model:write (row-checked)',
    allows: (actor, args) => {
      if (!enteArg) return canSomewhere(actor, 'catalog:write') || can(actor, 'model:write');
      const ente = argumentAt(args, enteArg);
      if (ente === undefined || ente === null) return can(actor, 'model:write');
      return typeof ente === 'string' && can(actor, 'catalog:write', ente);
    },
  };
}

/** The scopes an ente administrator may give a key; a new scope is added here with its operations. */
export const INTEGRATOR_SCOPES = [
  'catalog:read',
  'catalog:write',
  'cases:read',
  'cases:write',
  'payments:read',
  'payments:write',
  'audit:read',
  'messages:read',
  'messages:send',
  'reconciliation:read',
  'reconciliation:write',
] as const;
export type IntegratorScope = (typeof INTEGRATOR_SCOPES)[number];
