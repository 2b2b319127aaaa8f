import { randomUUID } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import {
  CONCEPT_TYPES,
  incompatibleChanges,
  type ConceptDefinition,
  type ConceptType,
  type ConceptValidation,
} from '@sus/domain';
import { DataSource, In, type EntityManager } from 'typeorm';
import { CatalogError } from '../catalog-error';
import type { RequestContext } from '../context/request-context';
import { rethrowUniqueViolation } from '../organisations/unique-violation';
import { Concept, ConceptUsage, ConceptVersion } from './concept.entity';

export interface SaveConceptInput {
  code: string;
  type: ConceptType;
  enumValues?: string[];
  validation?: ConceptValidation;
  sensitive: boolean;
  labelIt: string;
  labelEn?: string | null;
  helpIt?: string | null;
  helpEn?: string | null;
}

const CODE = /^[a-z][A-Za-z0-9]*(\.[a-z][A-Za-z0-9]*)*$/;

@Injectable()
export class ConceptsService {
  constructor(@InjectDataSource() private readonly db: DataSource) {}

  /** Concepts by code with their latest version. */
  async list(_ctx: RequestContext): Promise<{ concept: Concept; latest: ConceptVersion }[]> {
    const concepts = await this.db.getRepository(Concept).find({ order: { code: 'ASC' } });
    const versions = await this.latestVersions(
      this.db.manager,
      concepts.map((concept) => concept.id),
    );
    return concepts.map((concept) => ({ concept, latest: versions.get(concept.id)! }));
  }

  async versionsOf(_ctx: RequestContext, conceptIds: readonly string[]): Promise<ConceptVersion[]> {
    if (conceptIds.length === 0) return [];
    return this.db
      .getRepository(ConceptVersion)
      .find({ where: { conceptId: In([...conceptIds]) }, order: { version: 'ASC' } });
  }

  /**
   * Creates the concept (draft version 1) or changes its latest version. A draft changes freely;
   * a published version accepts only compatible changes while a published model uses it
   * (CONCEPT_IN_USE naming the field otherwise: make a new version with `newVersion`).
   */
  async save(
    _ctx: RequestContext,
    input: SaveConceptInput,
    options: { newVersion?: boolean } = {},
  ): Promise<ConceptVersion> {
    const values = validateConcept(input);
    try {
      return await this.db.transaction(async (manager) => {
        const code = input.code.trim();
        let concept = await manager
          .getRepository(Concept)
          .findOne({ where: { code }, lock: { mode: 'pessimistic_write' } });
        if (!concept) {
          concept = { id: randomUUID(), code, createdAt: new Date() };
          await manager.getRepository(Concept).insert({ id: concept.id, code });
        }
        const versions = manager.getRepository(ConceptVersion);
        const latest = (await this.latestVersions(manager, [concept.id])).get(concept.id);
        if (!latest || (options.newVersion && latest.status === 'published')) {
          const id = randomUUID();
          await versions.insert({
            id,
            conceptId: concept.id,
            version: (latest?.version ?? 0) + 1,
            status: 'draft',
            ...values,
          });
          return versions.findOneByOrFail({ id });
        }
        if (latest.status === 'published') {
          const used = await manager
            .getRepository(ConceptUsage)
            .existsBy({ conceptVersionId: latest.id, modelPublished: true });
          const problems = used ? incompatibleChanges(definitionOf(latest), definitionOf(values)) : [];
          if (problems.length > 0) {
            throw new CatalogError(
              'CONCEPT_IN_USE',
              `${concept.code} v${latest.version} is used by a published model: ${problems[0]!.reason} Create a new version instead.`,
              problems[0]!.field,
            );
          }
        }
        await versions.update({ id: latest.id }, { ...values, updatedAt: () => 'now()' });
        return versions.findOneByOrFail({ id: latest.id });
      });
    } catch (error) {
      rethrowUniqueViolation(error, { concept_code_key: 'code', concept_version_unique: 'code' });
    }
  }

  /** Freezes the latest draft: process models may now pin it. */
  async publish(_ctx: RequestContext, code: string): Promise<ConceptVersion> {
    return this.db.transaction(async (manager) => {
      const concept = await manager.getRepository(Concept).findOneBy({ code: code.trim() });
      if (!concept) throw new CatalogError('NOT_FOUND', `No concept with code "${code}".`, 'code');
      const latest = (await this.latestVersions(manager, [concept.id])).get(concept.id)!;
      if (latest.status !== 'draft') {
        throw new CatalogError(
          'CONCEPT_NOT_DRAFT',
          `${code} v${latest.version} is already published.`,
          'code',
        );
      }
      await manager
        .getRepository(ConceptVersion)
        .update({ id: latest.id }, { status: 'published', publishedAt: () => 'now()' });
      return manager.getRepository(ConceptVersion).findOneByOrFail({ id: latest.id });
    });
  }

  /**
   * The latest published definition of each concept code (what a case freezes when it starts);
   * codes without a published version are absent from the map.
   */
  async publishedDefinitions(
    _ctx: RequestContext,
    codes: readonly string[],
  ): Promise<Map<string, ConceptDefinition>> {
    if (codes.length === 0) return new Map();
    const rows = (await this.db.query(
      `SELECT DISTINCT ON (c.code) c.code, v.type, v.enum_values, v.validation, v.sensitive,
              v.label_it, v.label_en, v.help_it, v.help_en
         FROM concept c JOIN concept_version v ON v.concept_id = c.id
        WHERE c.code = ANY($1) AND v.status = 'published'
        ORDER BY c.code, v.version DESC`,
      [[...new Set(codes)]],
    )) as Record<string, unknown>[];
    return new Map(
      rows.map((row) => [
        String(row.code),
        definitionOf({
          type: row.type as ConceptVersion['type'],
          enumValues: row.enum_values as string[],
          validation: row.validation as ConceptVersion['validation'],
          sensitive: Boolean(row.sensitive),
          labelIt: String(row.label_it),
          labelEn: (row.label_en as string | null) ?? null,
          helpIt: (row.help_it as string | null) ?? null,
          helpEn: (row.help_en as string | null) ?? null,
        }),
      ]),
    );
  }

  private async latestVersions(
    manager: EntityManager,
    conceptIds: string[],
  ): Promise<Map<string, ConceptVersion>> {
    if (conceptIds.length === 0) return new Map();
    const rows = await manager
      .getRepository(ConceptVersion)
      .createQueryBuilder('v')
      .distinctOn(['v.concept_id'])
      .where('v.concept_id IN (:...conceptIds)', { conceptIds })
      .orderBy('v.concept_id')
      .addOrderBy('v.version', 'DESC')
      .getMany();
    return new Map(rows.map((row) => [row.conceptId, row]));
  }
}

type ConceptValues = Pick<
  ConceptVersion,
  'type' | 'enumValues' | 'validation' | 'sensitive' | 'labelIt' | 'labelEn' | 'helpIt' | 'helpEn'
>;

export function definitionOf(values: ConceptValues): ConceptDefinition {
  return {
    type: values.type,
    enumValues: values.enumValues,
    validation: values.validation,
    sensitive: values.sensitive,
    label: { it: values.labelIt, en: values.labelEn },
    help: values.helpIt ? { it: values.helpIt, en: values.helpEn } : null,
  };
}

const text = (value: string | null | undefined) => value?.trim() || null;

function validateConcept(input: SaveConceptInput): ConceptValues {
  const code = input.code?.trim() ?? '';
  if (!CODE.test(code) || code.length > 100) {
    throw new CatalogError(
      'BAD_USER_INPUT',
      `"${input.code}" is not a concept code (e.g. spouse.fiscalCode).`,
      'code',
    );
  }
  if (!CONCEPT_TYPES.includes(input.type)) {
    throw new CatalogError('BAD_USER_INPUT', `The type must be one of ${CONCEPT_TYPES.join(', ')}.`, 'type');
  }
  const labelIt = text(input.labelIt);
  if (!labelIt) throw new CatalogError('BAD_USER_INPUT', 'The Italian label is required.', 'labelIt');
  const enumValues = [...new Set((input.enumValues ?? []).map((value) => value.trim()).filter(Boolean))];
  if (input.type === 'enum' && enumValues.length === 0) {
    throw new CatalogError('BAD_USER_INPUT', 'An enum concept lists at least one value.', 'enumValues');
  }
  if (input.type !== 'enum' && enumValues.length > 0) {
    throw new CatalogError('BAD_USER_INPUT', 'Only enum concepts have values.', 'enumValues');
  }
  const validation: ConceptValidation = {};
  for (const [key, value] of Object.entries(input.validation ?? {}) as [keyof ConceptValidation, unknown][]) {
    if (value === null || value === undefined) continue;
    const field = `validation.${key}`;
    if (key === 'pattern') {
      try {
        new RegExp(String(value));
      } catch {
        throw new CatalogError('BAD_USER_INPUT', `"${String(value)}" is not a regular expression.`, field);
      }
    } else if (key === 'minDate' || key === 'maxDate') {
      if (!/^\d{4}-\d{2}-\d{2}$/.test(String(value)))
        throw new CatalogError('BAD_USER_INPUT', `${key} is a date YYYY-MM-DD.`, field);
    } else if (!Number.isSafeInteger(value)) {
      throw new CatalogError('BAD_USER_INPUT', `${key} is a whole number.`, field);
    }
    (validation as Record<string, unknown>)[key] = value;
  }
  for (const [low, high] of [
    ['minLength', 'maxLength'],
    ['minValue', 'maxValue'],
    ['minDate', 'maxDate'],
  ] as const) {
    const from = validation[low];
    const to = validation[high];
    if (from != null && to != null && from > to) {
      throw new CatalogError('BAD_USER_INPUT', `${low} is above ${high}.`, `validation.${high}`);
    }
  }
  return {
    type: input.type,
    enumValues,
    validation,
    sensitive: input.sensitive === true,
    labelIt,
    labelEn: text(input.labelEn),
    helpIt: text(input.helpIt),
    helpEn: text(input.helpEn),
  };
}
