import { Module } from '@nestjs/common';
import { NodeResolver } from './node.resolver';

/** Relay `node(id)` over the catalog's identifiable objects. */
@Module({ providers: [NodeResolver] })
export class NodeModule {}
