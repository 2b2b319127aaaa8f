import { Module } from '@nestjs/common';
import { ConceptsService } from '@sus/catalog';
import { ConceptsResolver } from './concepts.resolver';

/** Business Catalog: versioned data concepts (DESIGN §2). */
@Module({ providers: [ConceptsService, ConceptsResolver] })
export class ConceptsModule {}
