import { Field, ObjectType, registerEnumType } from '@nestjs/graphql';
import type {
  ActorKind as CatalogActorKind,
  LevelOfAssurance as CatalogLevelOfAssurance,
  StaffRole as CatalogStaffRole,
} from '@sus/domain';
import { IntegratorScope } from '../../api-keys/models/api-key.model';

export const ActorKind = {
  anonymous: 'anonymous',
  system: 'system',
  citizen: 'citizen',
  staff: 'staff',
  integrator: 'integrator',
} as const satisfies { [K in CatalogActorKind]: K };
export type ActorKind = CatalogActorKind;
registerEnumType(ActorKind, {
  name: 'ActorKind',
  description: 'Who acts: the kind of caller, as read from the credentials.',
  valuesMap: {
    anonymous: { description: 'No credentials.' },
    system: { description: 'The platform itself (seed, workflows, scheduled jobs).' },
    citizen: { description: 'A citizen signed in with SPID or CIE.' },
    staff: { description: 'A staff member of an ente or of the region.' },
    integrator: { description: "An ente's API key." },
  },
});

export const StaffRole = {
  operator: 'operator',
  modeller: 'modeller',
  enteAdmin: 'enteAdmin',
  finance: 'finance',
  regionalAdmin: 'regionalAdmin',
  templateEditor: 'templateEditor',
} as const satisfies { [K in CatalogStaffRole]: K };
export type StaffRole = CatalogStaffRole;
registerEnumType(StaffRole, {
  name: 'StaffRole',
  description:
    'Roles of staff: operator, modeller, enteAdmin and finance are held per ente; regionalAdmin and templateEditor for the whole region.',
});

export const LevelOfAssurance = { L2: 'L2', L3: 'L3' } as const satisfies {
  [K in CatalogLevelOfAssurance]: K;
};
export type LevelOfAssurance = CatalogLevelOfAssurance;
registerEnumType(LevelOfAssurance, {
  name: 'LevelOfAssurance',
  description: "SPID/CIE level of assurance of a citizen's login (L1 is not accepted).",
});

@ObjectType({ description: 'A role held by a staff member; no ente means a regional role.' })
export class StaffRoleGrant {
  @Field(() => String, { nullable: true })
  enteCode!: string | null;

  @Field(() => StaffRole)
  role!: StaffRole;

  @Field(() => [String], { description: 'Org units (codes) the person works in, in that ente.' })
  units!: string[];
}

@ObjectType({ description: 'Who the api thinks the caller is, as read from their credentials.' })
export class Viewer {
  @Field(() => ActorKind, { description: 'citizen, staff or integrator.' })
  kind!: ActorKind;

  @Field(() => String, { nullable: true })
  name!: string | null;

  @Field(() => String, { nullable: true })
  familyName!: string | null;

  @Field(() => String, { nullable: true, description: "The citizen's own codice fiscale." })
  fiscalCode!: string | null;

  @Field(() => String, { nullable: true })
  email!: string | null;

  @Field(() => LevelOfAssurance, {
    nullable: true,
    description: "A citizen's SPID/CIE level of assurance; null for staff and keys.",
  })
  levelOfAssurance!: LevelOfAssurance | null;

  @Field(() => String, { nullable: true, description: 'Staff user id or API key id.' })
  id!: string | null;

  @Field(() => [StaffRoleGrant])
  roles!: StaffRoleGrant[];

  @Field(() => String, { nullable: true, description: "An integrator key's ente." })
  enteCode!: string | null;

  @Field(() => [IntegratorScope], { description: "An integrator key's scopes; empty for other callers." })
  scopes!: string[];
}
