import { Field, ID, ObjectType } from '@nestjs/graphql';

@ObjectType({ description: 'A struttura organizzativa of an ente; units form a tree.' })
export class OrgUnit {
  @Field(() => ID)
  id!: string;

  @Field({ description: 'Short code, unique in the ente.' })
  code!: string;

  @Field()
  name!: string;

  @Field(() => String, {
    nullable: true,
    description: "The unit's id in the ente's HR system; null if entered by hand.",
  })
  externalId!: string | null;

  @Field(() => String, { nullable: true, description: 'YYYY-MM-DD' })
  validFrom!: string | null;

  @Field(() => String, { nullable: true, description: 'YYYY-MM-DD' })
  validTo!: string | null;
}
