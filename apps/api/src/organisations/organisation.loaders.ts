import { Injectable } from '@nestjs/common';
import {
  EntiService,
  OrgUnitsService,
  RoleHoldersService,
  type Ente,
  type IbanAccount,
  type OrgUnit,
  type RequestContext,
  type RoleHolder,
} from '@sus/catalog';
import DataLoader from 'dataloader';
import { perRequest } from '../loading/per-request';
import { byKey, groupedBy } from '../loading/rows-by-key';
import type { GraphqlContext } from '../request-context/request-context';

export interface OrganisationLoaders {
  ente: DataLoader<string, Ente | null>;
  ibanAccountsOfEnte: DataLoader<string, IbanAccount[]>;
  roleHoldersOfEnte: DataLoader<string, RoleHolder[]>;
  rootUnitsOfEnte: DataLoader<string, OrgUnit[]>;
  orgUnit: DataLoader<string, OrgUnit | null>;
  childrenOfUnit: DataLoader<string, OrgUnit[]>;
  roleHoldersOfUnit: DataLoader<string, RoleHolder[]>;
}

/**
 * One set of loaders per GraphQL request (see perRequest), so a nested query costs one SQL
 * statement per level and field, whatever the number of rows.
 */
@Injectable()
export class OrganisationLoadersFactory {
  constructor(
    private readonly enti: EntiService,
    private readonly orgUnits: OrgUnitsService,
    private readonly roleHolders: RoleHoldersService,
  ) {}

  for(gql: GraphqlContext): OrganisationLoaders {
    return perRequest(gql, this, (ctx) => this.create(ctx));
  }

  private create(ctx: RequestContext): OrganisationLoaders {
    return {
      ente: new DataLoader(async (ids) => byKey(ids, await this.enti.findByIds(ctx, ids), (ente) => ente.id)),
      ibanAccountsOfEnte: new DataLoader(async (ids) =>
        groupedBy(ids, await this.enti.ibanAccountsOf(ctx, ids), (account) => account.enteId),
      ),
      roleHoldersOfEnte: new DataLoader(async (ids) =>
        groupedBy(ids, await this.roleHolders.ofEnti(ctx, ids), (holder) => holder.enteId),
      ),
      rootUnitsOfEnte: new DataLoader(async (ids) =>
        groupedBy(ids, await this.orgUnits.rootsOfEnti(ctx, ids), (unit) => unit.enteId),
      ),
      orgUnit: new DataLoader(async (ids) =>
        byKey(ids, await this.orgUnits.findByIds(ctx, ids), (unit) => unit.id),
      ),
      childrenOfUnit: new DataLoader(async (ids) =>
        groupedBy(ids, await this.orgUnits.childrenOf(ctx, ids), (unit) => unit.parentId),
      ),
      roleHoldersOfUnit: new DataLoader(async (ids) =>
        groupedBy(ids, await this.roleHolders.ofUnits(ctx, ids), (holder) => holder.orgUnitId),
      ),
    };
  }
}
