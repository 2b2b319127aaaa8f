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
import { requestContextOf, type GraphqlContext } from '../request-context/request-context';

export interface CatalogLoaders {
  procedure: DataLoader<string, Procedure | null>;
  orgUnit: DataLoader<string, OrgUnit | null>;
  roleHolder: DataLoader<string, RoleHolder | null>;
}

const byId = <T extends { id: string }>(ids: readonly string[], rows: T[]): (T | null)[] => {
  const found = new Map(rows.map((row) => [row.id, row]));
  return ids.map((id) => found.get(id) ?? null);
};

/**
 * Per-request loaders for what services and procedures point to, so a page of services with
 * their procedures, units and holders costs one statement per level whatever its size.
 */
@Injectable()
export class CatalogLoadersFactory {
  private readonly perRequest = new WeakMap<object, CatalogLoaders>();

  constructor(
    private readonly procedures: ProceduresService,
    private readonly orgUnits: OrgUnitsService,
    private readonly roleHolders: RoleHoldersService,
  ) {}

  for(gql: GraphqlContext): CatalogLoaders {
    let loaders = this.perRequest.get(gql);
    if (!loaders) {
      loaders = this.create(requestContextOf(gql));
      this.perRequest.set(gql, loaders);
    }
    return loaders;
  }

  private create(ctx: RequestContext): CatalogLoaders {
    return {
      procedure: new DataLoader(async (ids) => byId(ids, await this.procedures.findByIds(ctx, ids))),
      orgUnit: new DataLoader(async (ids) => byId(ids, await this.orgUnits.findByIds(ctx, ids))),
      roleHolder: new DataLoader(async (ids) => byId(ids, await this.roleHolders.findByIds(ctx, ids))),
    };
  }
}
