import { Module } from '@nestjs/common';
import { ConceptsResolver } from './concepts.resolver';

/** Business Catalog: versioned data concepts (DESIGN §2). */
@Module({ providers: [ConceptsResolver] })
export class ConceptsModule {}
