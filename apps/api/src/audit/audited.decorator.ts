import { SetMetadata } from '@nestjs/common';

export const AUDITED_ENTITY = 'sus:audited-entity';

/** Names the entity a mutation changes, for its audit entry (default: the mutation's name). */
export const Audited = (entity: string) => SetMetadata(AUDITED_ENTITY, entity);
