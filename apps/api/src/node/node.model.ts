import { Field, ID, InterfaceType } from '@nestjs/graphql';

/** What `node(id)` resolves: the row, tagged with its GraphQL type. */
export interface NodeValue {
  __nodeType: string;
}

@InterfaceType('Node', {
  description: 'An object with a Relay global id, fetchable with node(id).',
  resolveType: (value: NodeValue) => value.__nodeType,
})
export abstract class Node {
  @Field(() => ID, { description: 'Opaque global id; pass it to node(id).' })
  id!: string;
}
