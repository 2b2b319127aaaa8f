import { Injectable } from '@nestjs/common';
import {
  OrgUnitsService,
  ProceduresService,
  RoleHoldersService,
  type OrgUnit,
  type Procedure,
  type RequestContext,
  type RoleHolder,
} from '@sus/catalog';
import DataLoader from 'dataloader';
import { perRequest } from '../loading/per-request';
import { byKey } from '../loading/rows-by-key';
import type { GraphqlContext } from '../request-context/request-context';

export interface CatalogLoaders {
  procedure: DataLoader<string, Procedure | null>;
  orgUnit: DataLoader<string, OrgUnit | null>;
  roleHolder: DataLoader<string, RoleHolder | null>;
}

/**
 * Per-request loaders (see perRequest) for what services and procedures point to, so a page of
 * services with their procedures, units and holders costs one statement per level whatever its size.
 */
@Injectable()
export class CatalogLoadersFactory {
  constructor(
    private readonly procedures: ProceduresService,
    private readonly orgUnits: OrgUnitsService,
    private readonly roleHolders: RoleHoldersService,
  ) {}

  for(gql: GraphqlContext): CatalogLoaders {
    return perRequest(gql, this, (ctx) => this.create(ctx));
  }

  private create(ctx: RequestContext): CatalogLoaders {
    return {
      procedure: new DataLoader(async (ids) =>
        byKey(ids, await this.procedures.findByIds(ctx, ids), (procedure) => procedure.id),
      ),
      orgUnit: new DataLoader(async (ids) =>
        byKey(ids, await this.orgUnits.findByIds(ctx, ids), (unit) => unit.id),
      ),
      roleHolder: new DataLoader(async (ids) =>
        byKey(ids, await this.roleHolders.findByIds(ctx, ids), (holder) => holder.id),
      ),
    };
  }
}
