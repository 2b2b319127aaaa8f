import { CatalogError } from '@sus/catalog';

/** The object types `node(id)` can fetch. */
export const NODE_TYPES = ['Ente', 'Service', 'Procedure'] as const;
export type NodeType = (typeof NODE_TYPES)[number];

/**
 * Relay global ids: the type name and the row's uuid, base64url-encoded, so one `node(id)`
 * query can fetch any of them and clients treat ids as opaque.
 */
export function toGlobalId(type: NodeType, id: string): string {
  return Buffer.from(`${type}:${id}`, 'utf8').toString('base64url');
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

export function fromGlobalId(globalId: string): { type: NodeType; id: string } {
  const [type, id] = Buffer.from(globalId, 'base64url').toString('utf8').split(':');
  if (!NODE_TYPES.includes(type as NodeType) || !id || !UUID.test(id)) {
    throw new CatalogError('BAD_USER_INPUT', 'This is not an id this API returned.', 'id');
  }
  return { type: type as NodeType, id };
}
