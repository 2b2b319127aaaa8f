import { MARRIAGE_CONCEPTS, MARRIAGE_MODEL, type ProcedureModelInput } from '@sus/domain';
import type { DataSource } from 'typeorm';
import { AuditLog } from '../audit/audit-log';
import { ConceptsService } from '../concepts/concepts.service';
import type { RequestContext } from '../context/request-context';
import { ProcedureVersions } from '../procedures/procedure-versions.service';

export interface SeedProcedureModel {
  /** The regional template's code and its published model. */
  templateCode: string;
  model: ProcedureModelInput;
  /** Enti that publish the regional model as their own version 1 (offered on line there). */
  publishedBy: string[];
}

/**
 * The civil marriage: the regional model, which Trieste publishes as its version (on line,
 * form → pubblicazioni → hall → fee → App IO message → check → wedding); Medea keeps the regional
 * model and offers the service at the counter only.
 */
export const SEED_PROCEDURE_MODELS: SeedProcedureModel[] = [
  { templateCode: 'MATRIMONIO-CIVILE', model: MARRIAGE_MODEL, publishedBy: ['c_l424'] },
];

export interface ProcedureModelsReport {
  concepts: number;
  procedureVersions: number;
}

/**
 * Publishes the Business Catalog concepts the models use and the models themselves, once: a
 * template or ente that already has a published version is left as staff made it.
 */
export async function seedProcedureModels(
  ctx: RequestContext,
  db: DataSource,
  report: ProcedureModelsReport,
): Promise<void> {
  const concepts = new ConceptsService(db);
  const published = await concepts.publishedDefinitions(
    ctx,
    MARRIAGE_CONCEPTS.map((concept) => concept.code),
  );
  for (const { code, definition } of MARRIAGE_CONCEPTS) {
    if (published.has(code)) continue;
    await concepts.save(ctx, {
      code,
      type: definition.type,
      enumValues: [...definition.enumValues],
      validation: { ...definition.validation },
      sensitive: definition.sensitive,
      labelIt: definition.label.it,
      labelEn: definition.label.en,
      helpIt: definition.help?.it ?? null,
      helpEn: definition.help?.en ?? null,
    });
    await concepts.publish(ctx, code);
    report.concepts += 1;
  }
  const versions = new ProcedureVersions(db, new AuditLog(db, ''));
  for (const seed of SEED_PROCEDURE_MODELS) {
    const template = await db.query(
      `SELECT 1 FROM procedure_version v JOIN procedure_template t ON t.id = v.procedure_template_id WHERE t.code = $1`,
      [seed.templateCode],
    );
    if ((template as unknown[]).length === 0) {
      await versions.publishTemplateVersion(ctx, seed.templateCode, seed.model, 'seed');
      report.procedureVersions += 1;
    }
    for (const enteCode of seed.publishedBy) {
      const own = await db.query(
        `SELECT 1 FROM procedure_version v JOIN procedure p ON p.id = v.procedure_id
           JOIN ente e ON e.id = p.ente_id WHERE e.ipa_code = $1 AND p.code = $2`,
        [enteCode, seed.model.procedureCode],
      );
      if ((own as unknown[]).length > 0) continue;
      // The ente publishes the regional model as it is: a specialisation of the template's latest.
      const [template] = (await db.query(
        `SELECT v.id FROM procedure_version v JOIN procedure_template t ON t.id = v.procedure_template_id
          WHERE t.code = $1 ORDER BY v.version DESC LIMIT 1`,
        [seed.templateCode],
      )) as { id: string }[];
      await versions.publishEnteVersion(ctx, enteCode, seed.model.procedureCode, seed.model, 'seed', {
        basedOnTemplateVersionId: template?.id ?? null,
      });
      report.procedureVersions += 1;
    }
  }
}
