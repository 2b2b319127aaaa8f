import { Module } from '@nestjs/common';
import { EntiService, ProceduresService, ServicesService } from '@sus/catalog';
import { NodeResolver } from './node.resolver';

/** Relay `node(id)` over the catalog's identifiable objects. */
@Module({ providers: [EntiService, ProceduresService, ServicesService, NodeResolver] })
export class NodeModule {}
