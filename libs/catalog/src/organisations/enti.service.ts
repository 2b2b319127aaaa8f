import { randomUUID } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { createBusinessCalendar, parseIban, parseOrgFiscalCode, type EnteHoliday } from '@sus/domain';
import { DataSource, In, type EntityManager } from 'typeorm';
import { CatalogError, parseField } from '../catalog-error';
import { assertCan } from '@sus/domain';
import { type RequestContext } from '../context/request-context';
import { decodeCursor, encodeCursor, type Page } from '../pagination/cursor';
import { Ente, ENTE_TYPES, type EnteType } from './ente.entity';
import { IbanAccount } from './iban-account.entity';
import { rethrowUniqueViolation } from './unique-violation';

export interface IbanAccountInput {
  iban: string;
  description?: string | null;
  isDefault: boolean;
  /** Reserve the account to one service (multi-IBAN); null for general accounts. */
  serviceCode?: string | null;
}

export interface SaveEnteInput {
  ipaCode: string;
  type: EnteType;
  name: string;
  fiscalCode: string;
  /** IPA code of the region a comune or unione belongs to. */
  regionCode?: string | null;
  segregationCode?: string | null;
  applicationCode?: string | null;
  cbillCode?: string | null;
  appIoServiceIds?: string[];
  /** The patron saint and other local holidays (the whole set). */
  holidays?: EnteHoliday[];
  /** The full set: accounts not listed are removed. */
  ibanAccounts?: IbanAccountInput[];
}

export interface EntiFilter {
  type?: EnteType | null;
  regionCode?: string | null;
}

const IPA_CODE = /^[a-z0-9][a-z0-9_.-]{1,29}$/;
const TWO_DIGITS = /^\d{2}$/;
const CBILL = /^[A-Z0-9]{5}$/;
const SERVICE_CODE = /^[A-Za-z0-9][A-Za-z0-9_.-]{0,49}$/;

export const normaliseIpaCode = (code: string) => code.trim().toLowerCase();

@Injectable()
export class EntiService {
  constructor(@InjectDataSource() private readonly db: DataSource) {}

  async findByCode(_ctx: RequestContext, ipaCode: string): Promise<Ente | null> {
    return this.db.getRepository(Ente).findOneBy({ ipaCode: normaliseIpaCode(ipaCode) });
  }

  /** For writes and nested lookups: an unknown ente is the caller's mistake, named by `field`. */
  async getByCode(
    ctx: RequestContext,
    ipaCode: string,
    field = 'enteCode',
    manager?: EntityManager,
  ): Promise<Ente> {
    const ente = manager
      ? await manager.getRepository(Ente).findOneBy({ ipaCode: normaliseIpaCode(ipaCode) })
      : await this.findByCode(ctx, ipaCode);
    if (!ente) throw new CatalogError('NOT_FOUND', `No ente with code "${ipaCode}".`, field);
    return ente;
  }

  async findByIds(_ctx: RequestContext, ids: readonly string[]): Promise<Ente[]> {
    if (ids.length === 0) return [];
    return this.db.getRepository(Ente).findBy({ id: In([...ids]) });
  }

  async ibanAccountsOf(_ctx: RequestContext, enteIds: readonly string[]): Promise<IbanAccount[]> {
    if (enteIds.length === 0) return [];
    return this.db
      .getRepository(IbanAccount)
      .find({ where: { enteId: In([...enteIds]) }, order: { isDefault: 'DESC', iban: 'ASC' } });
  }

  /** Every ente with a pagoPA segregation or application code: the ones that issue notices. */
  async onPagoPa(_ctx: RequestContext): Promise<Ente[]> {
    return this.db
      .getRepository(Ente)
      .createQueryBuilder('ente')
      .where('ente.segregation_code IS NOT NULL OR ente.application_code IS NOT NULL')
      .orderBy('ente.ipa_code', 'ASC')
      .getMany();
  }

  /** Ordered by name; the cursor is the (name, ipaCode) of the last row, so pages stay stable. */
  async list(
    ctx: RequestContext,
    filter: EntiFilter,
    page: { first: number; after?: string | null },
  ): Promise<Page<Ente>> {
    const query = this.db.getRepository(Ente).createQueryBuilder('ente');
    if (filter.type) query.andWhere('ente.type = :type', { type: filter.type });
    if (filter.regionCode) {
      const region = await this.findByCode(ctx, filter.regionCode);
      if (!region) return { items: [], hasNextPage: false, hasPreviousPage: page.after != null };
      query.andWhere('ente.region_id = :regionId', { regionId: region.id });
    }
    if (page.after) {
      const [name, ipaCode] = decodeCursor(page.after, 2);
      query.andWhere('(ente.name, ente.ipa_code) > (:name, :ipaCode)', { name, ipaCode });
    }
    const rows = await query
      .orderBy('ente.name', 'ASC')
      .addOrderBy('ente.ipa_code', 'ASC')
      .take(page.first + 1)
      .getMany();
    return {
      items: rows
        .slice(0, page.first)
        .map((node) => ({ node, cursor: encodeCursor([node.name, node.ipaCode]) })),
      hasNextPage: rows.length > page.first,
      hasPreviousPage: page.after != null,
    };
  }

  /**
   * Creates or updates the ente with this IPA code. On update, optional fields left undefined
   * keep their value and null clears them; `ibanAccounts`, when given, is the whole new set.
   */
  async save(ctx: RequestContext, input: SaveEnteInput): Promise<Ente> {
    const ipaCode = normaliseIpaCode(input.ipaCode ?? '');
    assertCan(ctx, 'ente:admin', ipaCode);
    try {
      return await this.db.transaction(async (manager) => {
        const enti = manager.getRepository(Ente);
        const existing = IPA_CODE.test(ipaCode)
          ? await enti.findOne({ where: { ipaCode }, lock: { mode: 'pessimistic_write' } })
          : null;
        const keep = <T>(given: T | undefined, current: T) =>
          given === undefined && existing ? current : given;
        const regionCode =
          input.regionCode !== undefined || !existing?.regionId
            ? (input.regionCode ?? null)
            : (await enti.findOneByOrFail({ id: existing.regionId })).ipaCode;
        const values = validateEnte({
          ...input,
          segregationCode: keep(input.segregationCode, existing?.segregationCode),
          applicationCode: keep(input.applicationCode, existing?.applicationCode),
          cbillCode: keep(input.cbillCode, existing?.cbillCode),
          appIoServiceIds: keep(input.appIoServiceIds, existing?.appIoServiceIds),
          holidays: keep(input.holidays, existing?.holidays),
        });
        const regionId = await this.regionIdFor(ctx, manager, values.type, regionCode);
        if (
          existing?.type === 'regione' &&
          values.type !== 'regione' &&
          (await enti.existsBy({ regionId: existing.id }))
        ) {
          throw new CatalogError(
            'INVALID_REGION',
            `${existing.name} still has enti; it must stay a region.`,
            'type',
          );
        }
        const sameFiscalCode = await enti.findOneBy({ fiscalCode: values.fiscalCode });
        if (sameFiscalCode && sameFiscalCode.id !== existing?.id) {
          throw new CatalogError(
            'DUPLICATE_CODE',
            `Fiscal code ${values.fiscalCode} already belongs to ${sameFiscalCode.name} (${sameFiscalCode.ipaCode}).`,
            'fiscalCode',
          );
        }
        const row = { ...values, regionId };
        let id = existing?.id;
        if (!id) {
          id = randomUUID();
          await enti.insert({ id, ...row });
        } else if (!sameValues(existing!, row)) {
          await enti.update({ id }, { ...row, updatedAt: () => 'now()' });
        }
        if (input.ibanAccounts !== undefined) await this.replaceIbanAccounts(manager, id, input.ibanAccounts);
        return enti.findOneByOrFail({ id });
      });
    } catch (error) {
      rethrowUniqueViolation(error, { ente_ipa_code_key: 'ipaCode', ente_fiscal_code_key: 'fiscalCode' });
    }
  }

  private async regionIdFor(
    ctx: RequestContext,
    manager: EntityManager,
    type: EnteType,
    regionCode: string | null,
  ): Promise<string | null> {
    if (type === 'regione') {
      if (regionCode)
        throw new CatalogError('INVALID_REGION', 'A region does not belong to another region.', 'regionCode');
      return null;
    }
    if (!regionCode) {
      if (type === 'altro') return null;
      throw new CatalogError('INVALID_REGION', `A ${type} must name the region it belongs to.`, 'regionCode');
    }
    const region = await this.getByCode(ctx, regionCode, 'regionCode', manager);
    if (region.type !== 'regione') {
      throw new CatalogError(
        'INVALID_REGION',
        `"${region.ipaCode}" is a ${region.type}, not a region.`,
        'regionCode',
      );
    }
    return region.id;
  }

  /** Diffed rather than rewritten, so saving the same accounts again changes nothing. */
  private async replaceIbanAccounts(
    manager: EntityManager,
    enteId: string,
    input: IbanAccountInput[],
  ): Promise<void> {
    const wanted = validateIbanAccounts(input);
    const accounts = manager.getRepository(IbanAccount);
    const current = await accounts.findBy({ enteId });
    const key = (account: { iban: string; serviceCode: string | null }) =>
      `${account.iban}|${account.serviceCode ?? ''}`;
    const wantedByKey = new Map(wanted.map((account) => [key(account), account]));
    const currentByKey = new Map(current.map((account) => [key(account), account]));

    const gone = current.filter((account) => !wantedByKey.has(key(account)));
    if (gone.length > 0) await accounts.delete({ id: In(gone.map((account) => account.id)) });
    // Clear the old default before setting the new one: at most one default at any moment.
    for (const account of current) {
      const next = wantedByKey.get(key(account));
      if (next && account.isDefault && !next.isDefault)
        await accounts.update({ id: account.id }, { isDefault: false });
    }
    for (const next of wanted) {
      const account = currentByKey.get(key(next));
      if (!account) {
        await accounts.insert({ id: randomUUID(), enteId, ...next });
      } else if (account.description !== next.description || (next.isDefault && !account.isDefault)) {
        await accounts.update(
          { id: account.id },
          { description: next.description, isDefault: next.isDefault },
        );
      }
    }
  }
}

type EnteValues = Omit<Ente, 'id' | 'regionId' | 'createdAt' | 'updatedAt'>;

function sameValues(ente: Ente, values: EnteValues & { regionId: string | null }): boolean {
  return (
    ente.type === values.type &&
    ente.name === values.name &&
    ente.fiscalCode === values.fiscalCode &&
    ente.regionId === values.regionId &&
    ente.segregationCode === values.segregationCode &&
    ente.applicationCode === values.applicationCode &&
    ente.cbillCode === values.cbillCode &&
    ente.appIoServiceIds.join('\n') === values.appIoServiceIds.join('\n') &&
    JSON.stringify(ente.holidays) === JSON.stringify(values.holidays)
  );
}

const optional = (value: string | null | undefined) => {
  const text = value?.trim();
  return text ? text : null;
};

function validateEnte(input: SaveEnteInput): EnteValues {
  const ipaCode = normaliseIpaCode(input.ipaCode ?? '');
  if (!IPA_CODE.test(ipaCode)) {
    throw new CatalogError(
      'INVALID_IPA_CODE',
      `"${input.ipaCode}" is not an IPA code (e.g. c_l424).`,
      'ipaCode',
    );
  }
  if (!ENTE_TYPES.includes(input.type)) {
    throw new CatalogError('BAD_USER_INPUT', `Ente type must be one of ${ENTE_TYPES.join(', ')}.`, 'type');
  }
  const name = input.name?.trim() ?? '';
  if (name.length < 1 || name.length > 200)
    throw new CatalogError('BAD_USER_INPUT', 'The name must have 1 to 200 characters.', 'name');
  const fiscalCode = parseField('fiscalCode', () => parseOrgFiscalCode(input.fiscalCode ?? ''));
  const segregationCode = optional(input.segregationCode);
  const applicationCode = optional(input.applicationCode);
  for (const [field, value] of [
    ['segregationCode', segregationCode],
    ['applicationCode', applicationCode],
  ] as const) {
    if (value !== null && !TWO_DIGITS.test(value)) {
      throw new CatalogError(
        'INVALID_PAGOPA_CODE',
        `The pagoPA ${field} has exactly 2 digits; got "${value}".`,
        field,
      );
    }
  }
  const cbillCode = optional(input.cbillCode)?.toUpperCase() ?? null;
  if (cbillCode !== null && !CBILL.test(cbillCode)) {
    throw new CatalogError(
      'INVALID_CBILL_CODE',
      `A CBILL code has 5 letters or digits; got "${cbillCode}".`,
      'cbillCode',
    );
  }
  const appIoServiceIds = [...new Set((input.appIoServiceIds ?? []).map((id) => id.trim()).filter(Boolean))];
  appIoServiceIds.forEach((id, index) => {
    if (!/^[A-Za-z0-9]{1,64}$/.test(id)) {
      throw new CatalogError(
        'BAD_USER_INPUT',
        `App IO service id "${id}" must be letters and digits.`,
        `appIoServiceIds.${index}`,
      );
    }
  });
  const holidays = input.holidays ?? [];
  parseField('holidays', () => createBusinessCalendar({ enteHolidays: holidays }));
  return {
    ipaCode,
    type: input.type,
    name,
    fiscalCode,
    segregationCode,
    applicationCode,
    cbillCode,
    appIoServiceIds,
    holidays,
  };
}

function validateIbanAccounts(input: IbanAccountInput[]): Required<IbanAccountInput>[] {
  const accounts = input.map((account, index) => {
    const field = `ibanAccounts.${index}`;
    const serviceCode = optional(account.serviceCode);
    if (serviceCode !== null && !SERVICE_CODE.test(serviceCode)) {
      throw new CatalogError(
        'BAD_USER_INPUT',
        `"${serviceCode}" is not a service code.`,
        `${field}.serviceCode`,
      );
    }
    if (account.isDefault && serviceCode !== null) {
      throw new CatalogError(
        'INVALID_DEFAULT_IBAN',
        'The default account collects for every service, so it cannot be reserved to one.',
        `${field}.serviceCode`,
      );
    }
    return {
      iban: parseField(`${field}.iban`, () => parseIban(account.iban ?? '')),
      description: optional(account.description),
      isDefault: account.isDefault === true,
      serviceCode,
    };
  });
  if (accounts.length > 0 && accounts.filter((account) => account.isDefault).length !== 1) {
    throw new CatalogError(
      'INVALID_DEFAULT_IBAN',
      'Exactly one IBAN account must be the default.',
      'ibanAccounts',
    );
  }
  const seen = new Set<string>();
  accounts.forEach((account, index) => {
    for (const key of [
      `iban:${account.iban}|${account.serviceCode ?? ''}`,
      account.serviceCode && `service:${account.serviceCode}`,
    ]) {
      if (!key) continue;
      if (seen.has(key)) {
        throw new CatalogError(
          'DUPLICATE_CODE',
          key.startsWith('service:')
            ? `Service ${account.serviceCode} already has an account; a service collects on one IBAN.`
            : `IBAN ${account.iban} is listed twice.`,
          `ibanAccounts.${index}`,
        );
      }
      seen.add(key);
    }
  });
  return accounts;
}
