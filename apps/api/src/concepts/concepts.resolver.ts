import { anonymous, permitted } from '../access/access-rules';
import { Allow } from '../access/allow.decorator';
import { Args, Mutation, Query, Resolver } from '@nestjs/graphql';
import { ConceptsService, type RequestContext } from '@sus/catalog';
import { Ctx } from '../request-context/request-context';
import { SaveConceptInput } from './dto/save-concept.input';
import { Concept, ConceptVersion } from './models/concept.model';

@Resolver(() => Concept)
export class ConceptsResolver {
  constructor(private readonly concepts: ConceptsService) {}

  @Allow(anonymous)
  @Query(() => [Concept], {
    name: 'concepts',
    description: 'Business Catalog data concepts by code, latest version.',
  })
  async list(@Ctx() ctx: RequestContext): Promise<Concept[]> {
    const rows = await this.concepts.list(ctx);
    return rows.map(({ concept, latest }) => ({
      code: concept.code,
      latest: latest as unknown as ConceptVersion,
    }));
  }

  @Allow(permitted('model:write'))
  @Mutation(() => ConceptVersion, {
    description:
      'Creates a concept or changes its latest version; newVersion starts a draft after a published one. A version used by a published model accepts compatible changes only (CONCEPT_IN_USE).',
  })
  saveConcept(
    @Ctx() ctx: RequestContext,
    @Args('input') input: SaveConceptInput,
    @Args('newVersion', { defaultValue: false }) newVersion: boolean,
  ) {
    return this.concepts.save(
      ctx,
      { ...input, enumValues: input.enumValues ?? [], validation: input.validation ?? {} },
      { newVersion },
    );
  }

  @Allow(permitted('model:write'))
  @Mutation(() => ConceptVersion, { description: 'Publishes (freezes) the latest draft version.' })
  publishConcept(@Ctx() ctx: RequestContext, @Args('code') code: string) {
    return this.concepts.publish(ctx, code);
  }
}
