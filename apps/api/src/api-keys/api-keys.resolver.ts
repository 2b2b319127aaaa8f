import { ParseUUIDPipe } from '@nestjs/common';
import { Args, ID, Mutation, Query, Resolver } from '@nestjs/graphql';
import type { RequestContext } from '@sus/catalog';
import { permitted, role } from '../access/access-rules';
import { Allow } from '../access/allow.decorator';
import { Ctx } from '../request-context/request-context';
import { Audited } from '../audit/audited.decorator';
import { ApiKeysService } from './api-keys.service';
import { CreateApiKeyInput } from './dto/create-api-key.input';
import { ApiKey, CreatedApiKey } from './models/api-key.model';

@Resolver(() => ApiKey)
export class ApiKeysResolver {
  constructor(private readonly keys: ApiKeysService) {}

  @Query(() => [ApiKey], {
    description: "The ente's integrator keys, newest first (secrets are never shown).",
  })
  @Allow(permitted('ente:admin', { ente: 'enteCode' }))
  apiKeys(@Ctx() ctx: RequestContext, @Args('enteCode') enteCode: string) {
    return this.keys.list(ctx, enteCode);
  }

  @Mutation(() => CreatedApiKey)
  @Allow(role('enteAdmin', { ente: 'input.enteCode' }))
  @Audited('ApiKey')
  createApiKey(@Ctx() ctx: RequestContext, @Args('input') input: CreateApiKeyInput) {
    return this.keys.create(ctx, input);
  }

  @Mutation(() => ApiKey, {
    description: 'Stops the key at once. Regional administrators may revoke any key.',
  })
  @Allow(permitted('ente:admin', { ente: 'enteCode' }))
  @Audited('ApiKey')
  revokeApiKey(
    @Ctx() ctx: RequestContext,
    @Args('enteCode') enteCode: string,
    @Args('id', { type: () => ID }, new ParseUUIDPipe()) id: string,
  ) {
    return this.keys.revoke(ctx, enteCode, id);
  }
}
