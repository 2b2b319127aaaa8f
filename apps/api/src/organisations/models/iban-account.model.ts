import { Field, ID, ObjectType } from '@nestjs/graphql';

@ObjectType({ description: 'A bank account the ente collects on.' })
export class IbanAccount {
  @Field(() => ID)
  id!: string;

  @Field({ description: 'Electronic form, no spaces.' })
  iban!: string;

  @Field(() => String, { nullable: true })
  description!: string | null;

  @Field({ description: 'Receives every payment no service claims for itself.' })
  isDefault!: boolean;

  @Field(() => String, {
    nullable: true,
    description: 'The service this account is reserved to (multi-IBAN).',
  })
  serviceCode!: string | null;
}
