import { randomUUID } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { parseFiscalCode } from '@sus/domain';
import { DataSource, In, IsNull } from 'typeorm';
import { CatalogError, parseField } from '../catalog-error';
import { assertCan } from '@sus/domain';
import { type RequestContext } from '../context/request-context';
import { Ente } from './ente.entity';
import { EntiService } from './enti.service';
import { OrgUnit } from './org-unit.entity';
import { RoleHolder, ROLES, type Role } from './role-holder.entity';

export interface SetRoleHolderInput {
  enteCode: string;
  /** The unit the role is held for; omit for the whole ente. */
  orgUnitId?: string | null;
  role: Role;
  personName: string;
  fiscalCode: string;
  email?: string | null;
  title?: string | null;
}

const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;

@Injectable()
export class RoleHoldersService {
  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly enti: EntiService,
  ) {}

  /** Holders for the ente as a whole (not for one of its units). */
  async ofEnti(_ctx: RequestContext, enteIds: readonly string[]): Promise<RoleHolder[]> {
    if (enteIds.length === 0) return [];
    return this.db
      .getRepository(RoleHolder)
      .find({ where: { enteId: In([...enteIds]), orgUnitId: IsNull() }, order: { role: 'ASC' } });
  }

  async ofUnits(_ctx: RequestContext, unitIds: readonly string[]): Promise<RoleHolder[]> {
    if (unitIds.length === 0) return [];
    return this.db
      .getRepository(RoleHolder)
      .find({ where: { orgUnitId: In([...unitIds]) }, order: { role: 'ASC' } });
  }

  async findByIds(_ctx: RequestContext, ids: readonly string[]): Promise<RoleHolder[]> {
    if (ids.length === 0) return [];
    return this.db.getRepository(RoleHolder).findBy({ id: In([...ids]) });
  }

  /** Names who holds a role (one person per role and place); replaces the previous holder. */
  async set(ctx: RequestContext, input: SetRoleHolderInput): Promise<RoleHolder> {
    assertCan(ctx, 'ente:admin', input.enteCode.trim().toLowerCase());
    const values = validate(input);
    return this.db.transaction(async (manager) => {
      const found = await this.enti.getByCode(ctx, input.enteCode, 'enteCode', manager);
      const ente = await manager
        .getRepository(Ente)
        .findOneOrFail({ where: { id: found.id }, lock: { mode: 'pessimistic_write' } });
      const orgUnitId = input.orgUnitId ?? null;
      if (orgUnitId && !(await manager.getRepository(OrgUnit).existsBy({ id: orgUnitId, enteId: ente.id }))) {
        throw new CatalogError(
          'NOT_FOUND',
          `No organisational unit ${orgUnitId} in ente ${ente.ipaCode}.`,
          'orgUnitId',
        );
      }
      const holders = manager.getRepository(RoleHolder);
      const place = { enteId: ente.id, orgUnitId: orgUnitId ?? IsNull(), role: input.role };
      const current = await holders.findOneBy(place);
      if (!current) {
        const id = randomUUID();
        await holders.insert({ id, enteId: ente.id, orgUnitId, role: input.role, ...values });
        return holders.findOneByOrFail({ id });
      }
      const changed = (Object.keys(values) as (keyof typeof values)[]).some(
        (key) => current[key] !== values[key],
      );
      if (changed) await holders.update({ id: current.id }, { ...values, updatedAt: () => 'now()' });
      return holders.findOneByOrFail({ id: current.id });
    });
  }
}

function validate(input: SetRoleHolderInput) {
  if (!ROLES.includes(input.role)) {
    throw new CatalogError('BAD_USER_INPUT', `Role must be one of ${ROLES.join(', ')}.`, 'role');
  }
  const personName = input.personName?.trim() ?? '';
  if (personName.length < 1 || personName.length > 200) {
    throw new CatalogError('BAD_USER_INPUT', 'The person name must have 1 to 200 characters.', 'personName');
  }
  const parsed = parseField('fiscalCode', () => parseFiscalCode(input.fiscalCode ?? ''));
  if (parsed.kind !== 'person') {
    throw new CatalogError(
      'INVALID_FISCAL_CODE',
      "A role is held by a person: give the person's 16-character code.",
      'fiscalCode',
    );
  }
  const email = input.email?.trim() || null;
  if (email !== null && (!EMAIL.test(email) || email.length > 254)) {
    throw new CatalogError('BAD_USER_INPUT', `"${email}" is not an e-mail address.`, 'email');
  }
  return { personName, fiscalCode: parsed.code, email, title: input.title?.trim() || null };
}
