import { Field, ObjectType } from '@nestjs/graphql';

@ObjectType({ description: 'A role held by a staff member; no ente means a regional role.' })
export class StaffRoleGrant {
  @Field(() => String, { nullable: true })
  enteCode!: string | null;

  @Field({ description: 'operator, modeller, enteAdmin, regionalAdmin or templateEditor.' })
  role!: string;
}

@ObjectType({ description: 'Who the api thinks the caller is, as read from their credentials.' })
export class Viewer {
  @Field({ description: 'citizen, staff or integrator.' })
  kind!: string;

  @Field(() => String, { nullable: true })
  name!: string | null;

  @Field(() => String, { nullable: true })
  familyName!: string | null;

  @Field(() => String, { nullable: true, description: "The citizen's own codice fiscale." })
  fiscalCode!: string | null;

  @Field(() => String, { nullable: true })
  email!: string | null;

  @Field(() => String, { nullable: true, description: 'SPID/CIE level of assurance: L2 or L3.' })
  levelOfAssurance!: string | null;

  @Field(() => String, { nullable: true, description: 'Staff user id or API key id.' })
  id!: string | null;

  @Field(() => [StaffRoleGrant])
  roles!: StaffRoleGrant[];

  @Field(() => String, { nullable: true, description: "An integrator key's ente." })
  enteCode!: string | null;

  @Field(() => [String])
  scopes!: string[];
}
