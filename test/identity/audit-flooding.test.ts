import { randomUUID } from 'node:crypto';
import { orgFiscalCodeCheckDigit } from '@sus/domain';
import { gql } from '../support/graphql';
import { bearer } from '../support/identity';
import { SeededApi } from '../support/seeded-api';

/** Issue 11: the audit log records who tried what, but cannot be flooded or filled with what a caller sends. */
describe('audit log of refused and accepted mutations', () => {
  const seeded = new SeededApi();
  beforeAll(() => seeded.start('audit-flooding'));
  afterAll(() => seeded.stop());

  const SAVE = 'mutation Save($input: SaveEnteInput!) { saveEnte(input: $input) { ipaCode } }';
  const enteInput = (name: string) => {
    const tenDigits = String(Math.floor(Math.random() * 1e10)).padStart(10, '0');
    return {
      ipaCode: `c_a${randomUUID().slice(0, 8)}`,
      type: 'COMUNE',
      name,
      fiscalCode: `${tenDigits}${orgFiscalCodeCheckDigit(tenDigits)}`,
      regionCode: 'r_friuve',
    };
  };
  const auditRows = async () =>
    (await seeded.dataSource.query(
      "SELECT action, actor_kind, ente_code, length(coalesce(after::text, '')) AS size, after::text AS after FROM audit_log ORDER BY id",
    )) as { action: string; actor_kind: string; ente_code: string | null; size: number; after: string }[];

  it('writes nothing for an anonymous caller refused a mutation, however large its arguments', async () => {
    const before = (await auditRows()).length;
    const refused = await gql(seeded.api, SAVE, { input: enteInput('x'.repeat(200_000)) });
    expect(refused.errors?.[0]?.extensions?.code).toMatch(/UNAUTHENTICATED|FORBIDDEN/);
    expect(await auditRows()).toHaveLength(before);
  });

  it('records a refused signed-in caller without the values they sent', async () => {
    const before = (await auditRows()).length;
    const huge = 'y'.repeat(200_000);
    const refused = await gql(
      seeded.api,
      SAVE,
      { input: enteInput(huge) },
      { as: await bearer(seeded.issuer, 'citizenA') },
    );
    expect(refused.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
    const added = (await auditRows()).slice(before);
    expect(added).toHaveLength(1);
    expect(added[0]).toMatchObject({ action: 'denied:saveEnte', actor_kind: 'citizen' });
    expect(added[0]!.size).toBeLessThan(2000);
    expect(added[0]!.after).not.toContain('yyyy');
  });

  it("files a regional administrator's change of an ente under that ente", async () => {
    const input = enteInput('Comune di Prova');
    const saved = await seeded.gql(SAVE, { input });
    expect(saved.errors).toBeUndefined();
    const rows = await auditRows();
    expect(rows.filter((row) => row.action === 'saveEnte').at(-1)?.ente_code).toBe(input.ipaCode);
  });
});
