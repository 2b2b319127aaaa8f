import { Field, ID, ObjectType, registerEnumType } from '@nestjs/graphql';

export enum Role {
  RESPONSABILE_PROCEDIMENTO = 'responsabileProcedimento',
  /** Titolare del potere sostitutivo. */
  SUBSTITUTE_POWER_HOLDER = 'substitutePowerHolder',
}
registerEnumType(Role, {
  name: 'Role',
  description: 'Roles the law names in procedures.',
  valuesMap: {
    RESPONSABILE_PROCEDIMENTO: { description: 'Responsabile del procedimento (L. 241/1990 art. 5).' },
    SUBSTITUTE_POWER_HOLDER: {
      description: 'Titolare del potere sostitutivo (L. 241/1990 art. 2 c. 9-bis).',
    },
  },
});

/** The fiscal code is stored but not shown: the holder's name and office are public, it is not. */
@ObjectType({ description: 'The person holding a role for an ente or one of its units.' })
export class RoleHolder {
  @Field(() => ID)
  id!: string;

  @Field(() => Role)
  role!: Role;

  @Field()
  personName!: string;

  @Field(() => String, { nullable: true, description: 'The office, e.g. "Segretario comunale".' })
  title!: string | null;

  @Field(() => String, { nullable: true })
  email!: string | null;
}
