import { Field, ID, ObjectType, registerEnumType } from '@nestjs/graphql';
import { INTEGRATOR_SCOPES, type IntegratorScope as Scope } from '../../access/access-rules';

/** `catalog:read` → `catalog_read`: GraphQL enum values cannot hold ':'. */
type EnumValueName<S extends string> = S extends `${infer Area}:${infer Access}` ? `${Area}_${Access}` : S;

/** The GraphQL names of the scopes; resolvers and the database keep the `catalog:read` spelling. */
export const IntegratorScope = Object.fromEntries(
  INTEGRATOR_SCOPES.map((scope) => [scope.replace(':', '_'), scope]),
) as { [S in Scope as EnumValueName<S>]: S };
registerEnumType(IntegratorScope, {
  name: 'IntegratorScope',
  description:
    "What an integrator key may do: catalog_read is the scope catalog:read (as in FORBIDDEN errors' details), and so on.",
});

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

  @Field(() => [IntegratorScope])
  scopes!: string[];

  @Field()
  createdAt!: Date;

  @Field({
    description: 'From then on the key is refused (reason API_KEY_EXPIRED): create a new one before.',
  })
  expiresAt!: Date;

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
