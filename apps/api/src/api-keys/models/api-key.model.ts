import { Field, ID, ObjectType } from '@nestjs/graphql';

@ObjectType({
  description: 'An integrator key of one ente. The secret is shown only when the key is created.',
})
export class ApiKey {
  @Field(() => ID)
  id!: string;

  @Field({ description: 'IPA code of the ente the key acts for.' })
  enteCode!: string;

  @Field({ description: 'What the key is for, e.g. "gestionale anagrafe".' })
  name!: string;

  @Field(() => [String])
  scopes!: string[];

  @Field()
  createdAt!: Date;

  @Field(() => Date, { nullable: true })
  revokedAt!: Date | null;

  @Field(() => Date, { nullable: true, description: 'Updated at most once a minute.' })
  lastUsedAt!: Date | null;
}

@ObjectType({ description: 'A new key: store `key` now, it cannot be shown again.' })
export class CreatedApiKey {
  @Field({ description: 'Send as "authorization: ApiKey <key>" or "x-api-key: <key>".' })
  key!: string;

  @Field(() => ApiKey)
  apiKey!: ApiKey;
}
