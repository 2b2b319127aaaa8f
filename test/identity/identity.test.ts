import { createHash, randomUUID } from 'node:crypto';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { Client } from 'pg';
import { createTestDatabase, type TestDatabase } from '../support/database';
import {
  bearer,
  ENTE_X,
  ENTE_Y,
  PERSONA_CLAIMS,
  startTestIssuer,
  type TestIssuer,
} from '../support/identity';
import { gql } from '../support/graphql';
import { startApi } from '../support/platform';

/** Temporal is not needed here: the api connects to it lazily, only for probes. */
const NO_TEMPORAL = '127.0.0.1:1';
const ME =
  '{ me { kind name familyName fiscalCode levelOfAssurance id enteCode scopes roles { enteCode role } } }';

describe('identity and access (api with a test OIDC issuer)', () => {
  let db: TestDatabase;
  let issuer: TestIssuer;
  let api: { app: NestFastifyApplication; url: string };
  let pg: Client;

  beforeAll(async () => {
    [db, issuer] = await Promise.all([createTestDatabase(), startTestIssuer()]);
    api = await startApi({
      databaseUrl: db.url,
      temporalAddress: NO_TEMPORAL,
      taskQueue: 'identity',
      extra: { OIDC_ISSUERS: issuer.oidcIssuers, GRAPHQL_MAX_DEPTH: '6', GRAPHQL_MAX_COST: '500' },
    });
    pg = new Client({ connectionString: db.url });
    await pg.connect();
  });

  afterAll(async () => {
    await pg?.end();
    await api?.app.close();
    await issuer?.close();
    await db?.drop();
  });

  describe('bearer tokens', () => {
    it('maps a SPID citizen token to the citizen', async () => {
      const result = await gql(api, ME, undefined, { as: await bearer(issuer, 'citizenA') });
      expect(result.errors).toBeUndefined();
      expect(result.data).toEqual({
        me: expect.objectContaining({
          kind: 'citizen',
          name: 'Mario',
          familyName: 'Rossi',
          fiscalCode: 'RSSMRA80A01L424F',
          levelOfAssurance: 'L2',
        }),
      });
    });

    it('maps a staff token to staff with its roles per ente', async () => {
      const result = await gql(api, ME, undefined, { as: await bearer(issuer, 'operatorX') });
      expect(result.data).toEqual({
        me: expect.objectContaining({
          kind: 'staff',
          // Issuer + subject: a sub is unique only within its issuer.
          id: `${issuer.issuer.replace('http://', '')}/operatore.trieste`,
          roles: [{ enteCode: ENTE_X, role: 'operator' }],
        }),
      });
    });

    const refused = async (token: string) => {
      const result = await gql(api, ME, undefined, { as: { authorization: `Bearer ${token}` } });
      return { status: result.status, code: result.errors?.[0]?.extensions, data: result.data };
    };
    const citizen = PERSONA_CLAIMS.citizenA;

    it.each([
      [
        'expired',
        'TOKEN_EXPIRED',
        () => issuer.mint(citizen, { expiresIn: Math.floor(Date.now() / 1000) - 120 }),
      ],
      [
        'for another audience',
        'TOKEN_AUDIENCE_INVALID',
        () => issuer.mint(citizen, { audience: 'someone-else' }),
      ],
      [
        'from an unknown issuer',
        'TOKEN_ISSUER_UNKNOWN',
        () => issuer.mint(citizen, { issuer: 'https://evil.example' }),
      ],
      [
        'with a bad signature',
        'TOKEN_SIGNATURE_INVALID',
        () => issuer.mint(citizen, { signWithOtherKey: true }),
      ],
      [
        'without fiscalNumber',
        'FISCAL_NUMBER_MISSING',
        () => issuer.mint({ ...citizen, fiscalNumber: undefined }),
      ],
      [
        'with an invalid fiscal code',
        'TOKEN_CLAIMS_INVALID',
        () => issuer.mint({ ...citizen, fiscalNumber: 'TINIT-RSSMRA80A01L424X' }),
      ],
      [
        'at SPID level 1',
        'TOKEN_CLAIMS_INVALID',
        () => issuer.mint({ ...citizen, acr: 'https://www.spid.gov.it/SpidL1' }),
      ],
      ['that is not a JWT', 'TOKEN_MALFORMED', async () => 'not-a-jwt'],
      [
        'that is an ID token (typ)',
        'TOKEN_TYPE_INVALID',
        () => issuer.mint(citizen, { typ: 'id_token+jwt' }),
      ],
      [
        'that is an ID token (nonce)',
        'TOKEN_TYPE_INVALID',
        () => issuer.mint({ ...citizen, nonce: 'n-0S6' }),
      ],
    ])('refuses a token %s with 401 and reason %s', async (_what, reason, token) => {
      expect(await refused(await token())).toEqual({
        status: 401,
        code: { code: 'UNAUTHENTICATED', reason },
        data: null,
      });
    });

    it('refuses staff roles from an issuer trusted for citizens only (a SPID/CIE gateway)', async () => {
      const spidGateway = await startTestIssuer('sus-api', ['citizen']);
      const both = JSON.stringify([
        ...JSON.parse(issuer.oidcIssuers),
        ...JSON.parse(spidGateway.oidcIssuers),
      ]);
      const gatewayApi = await startApi({
        databaseUrl: db.url,
        temporalAddress: NO_TEMPORAL,
        taskQueue: 'identity-gateway',
        extra: { OIDC_ISSUERS: both },
      });
      try {
        const staff = await gql(gatewayApi, ME, undefined, {
          as: await bearer(spidGateway, 'regionalAdmin'),
        });
        expect(staff.status).toBe(401);
        expect(staff.errors?.[0]?.extensions?.reason).toBe('TOKEN_CLAIMS_INVALID');
        const citizenMe = await gql(gatewayApi, ME, undefined, { as: await bearer(spidGateway, 'citizenB') });
        expect(citizenMe.data).toEqual({
          me: expect.objectContaining({ kind: 'citizen', levelOfAssurance: 'L3' }),
        });
      } finally {
        await gatewayApi.app.close();
        await spidGateway.close();
      }
    });

    it('refuses an unknown authorization scheme', async () => {
      const result = await gql(api, ME, undefined, { as: { authorization: 'Basic dXNlcjpwYXNz' } });
      expect(result.status).toBe(401);
      expect(result.errors?.[0]?.extensions?.reason).toBe('AUTHORIZATION_SCHEME_UNSUPPORTED');
    });

    it('tells an anonymous caller to authenticate, and a signed-in one that it is forbidden', async () => {
      const anonymous = await gql(api, `{ apiKeys(enteCode: "${ENTE_X}") { id } }`);
      expect(anonymous.status).toBe(401);
      expect(anonymous.errors?.[0]?.extensions?.code).toBe('UNAUTHENTICATED');
      const citizenCall = await gql(api, `{ apiKeys(enteCode: "${ENTE_X}") { id } }`, undefined, {
        as: await bearer(issuer, 'citizenA'),
      });
      expect(citizenCall.status).toBe(403);
      expect(citizenCall.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
    });
  });

  describe('integrator API keys', () => {
    const create = async (enteCode: string, persona: keyof typeof PERSONA_CLAIMS = 'enteAdminX') =>
      gql<{ createApiKey: { key: string; apiKey: { id: string; scopes: string[] } } }>(
        api,
        `mutation($input: CreateApiKeyInput!) { createApiKey(input: $input) { key apiKey { id enteCode scopes } } }`,
        { input: { enteCode, name: 'gestionale anagrafe', scopes: ['audit_read', 'catalog_read'] } },
        { as: await bearer(issuer, persona) },
      );

    it('are created by an ente administrator, shown once, stored only as a hash, and work', async () => {
      const created = await create(ENTE_X);
      expect(created.errors).toBeUndefined();
      const { key, apiKey } = created.data!.createApiKey;
      expect(key).toMatch(/^sus_[0-9a-f]{32}_[A-Za-z0-9_-]{43}$/);
      expect(apiKey).toEqual({ id: apiKey.id, enteCode: ENTE_X, scopes: ['audit_read', 'catalog_read'] });

      const stored = await pg.query('SELECT * FROM api_key WHERE id = $1', [apiKey.id]);
      expect(JSON.stringify(stored.rows)).not.toContain(key.slice(37));
      expect((stored.rows[0].secret_sha256 as Buffer).toString('hex')).toBe(
        createHash('sha256').update(key.slice(37)).digest('hex'),
      );
      expect(stored.rows[0].last_used_at).toBeNull();

      const both: Record<string, string>[] = [{ authorization: `ApiKey ${key}` }, { 'x-api-key': key }];
      for (const headers of both) {
        const me = await gql(api, ME, undefined, { as: headers });
        expect(me.data).toEqual({
          me: expect.objectContaining({ kind: 'integrator', id: apiKey.id, enteCode: ENTE_X }),
        });
      }
      const used = await pg.query('SELECT last_used_at FROM api_key WHERE id = $1', [apiKey.id]);
      expect(used.rows[0].last_used_at).toBeInstanceOf(Date);

      const listed = await gql<{ apiKeys: Record<string, unknown>[] }>(
        api,
        `{ apiKeys(enteCode: "${ENTE_X}") { id name lastUsedAt revokedAt } }`,
        undefined,
        { as: await bearer(issuer, 'enteAdminX') },
      );
      expect(listed.data?.apiKeys).toContainEqual(
        expect.objectContaining({ id: apiKey.id, lastUsedAt: expect.any(String), revokedAt: null }),
      );
    });

    it('expire a year after creation by default, earlier if asked, and are refused once expired', async () => {
      const day = 24 * 3600 * 1000;
      const withExpiry = async (expiresAt?: string) =>
        gql<{ createApiKey: { key: string; apiKey: { id: string; expiresAt: string } } }>(
          api,
          `mutation($input: CreateApiKeyInput!) { createApiKey(input: $input) { key apiKey { id expiresAt } } }`,
          { input: { enteCode: ENTE_X, name: 'protocollo', scopes: ['catalog_read'], expiresAt } },
          { as: await bearer(issuer, 'enteAdminX') },
        );
      const byDefault = (await withExpiry()).data!.createApiKey.apiKey;
      expect(Math.abs(Date.parse(byDefault.expiresAt) - (Date.now() + 365 * day))).toBeLessThan(60_000);
      const inAMonth = new Date(Date.now() + 30 * day).toISOString();
      expect((await withExpiry(inAMonth)).data!.createApiKey.apiKey.expiresAt).toBe(inAMonth);
      for (const wrong of [new Date(Date.now() - day), new Date(Date.now() + 400 * day)]) {
        const refused = await withExpiry(wrong.toISOString());
        expect(refused.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT' });
      }

      const { key, apiKey } = (await withExpiry(inAMonth)).data!.createApiKey;
      expect((await gql(api, ME, undefined, { as: { 'x-api-key': key } })).status).toBe(200);
      await pg.query(`UPDATE api_key SET expires_at = now() - interval '1 second' WHERE id = $1`, [
        apiKey.id,
      ]);
      const expired = await gql(api, ME, undefined, { as: { 'x-api-key': key } });
      expect(expired.status).toBe(401);
      expect(expired.errors?.[0]?.extensions).toEqual({ code: 'UNAUTHENTICATED', reason: 'API_KEY_EXPIRED' });
    });

    it('stop working at once when revoked', async () => {
      const { key, apiKey } = (await create(ENTE_X)).data!.createApiKey;
      const revoked = await gql<{ revokeApiKey: { revokedAt: string } }>(
        api,
        `mutation { revokeApiKey(enteCode: "${ENTE_X}", id: "${apiKey.id}") { revokedAt } }`,
        undefined,
        { as: await bearer(issuer, 'enteAdminX') },
      );
      expect(revoked.data?.revokeApiKey.revokedAt).toEqual(expect.any(String));
      const states = await pg.query(
        `SELECT before->>'revokedAt' AS before, after->>'revokedAt' AS after FROM audit_log
         WHERE action = 'apiKey.revoked' AND entity_id = $1`,
        [apiKey.id],
      );
      expect(states.rows).toEqual([{ before: null, after: expect.any(String) }]);
      const refused = await gql(api, ME, undefined, { as: { 'x-api-key': key } });
      expect(refused.status).toBe(401);
      expect(refused.errors?.[0]?.extensions).toEqual({ code: 'UNAUTHENTICATED', reason: 'API_KEY_INVALID' });
    });

    it('cannot be created for another ente, nor seen or revoked from it', async () => {
      expect((await create(ENTE_Y)).errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
      const attempt = await pg.query(
        `SELECT actor_ref FROM audit_log WHERE action = 'denied:createApiKey' AND ente_code = $1`,
        [ENTE_Y],
      );
      expect(attempt.rows).toEqual([
        { actor_ref: `staff:${issuer.issuer.replace('http://', '')}/admin.trieste` },
      ]);
      expect((await create(ENTE_X, 'operatorX')).errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
      const { apiKey } = (await create(ENTE_X)).data!.createApiKey;
      // A regional admin revoking "in Medea" does not reach Trieste's key: every lookup names the ente.
      const wrongEnte = await gql(
        api,
        `mutation { revokeApiKey(enteCode: "${ENTE_Y}", id: "${apiKey.id}") { id } }`,
        undefined,
        { as: await bearer(issuer, 'regionalAdmin') },
      );
      expect(wrongEnte.errors?.[0]?.extensions?.code).toBe('NOT_FOUND');
      const still = await pg.query('SELECT revoked_at FROM api_key WHERE id = $1', [apiKey.id]);
      expect(still.rows[0].revoked_at).toBeNull();
    });

    it('refuses a made-up or malformed key with the same answer', async () => {
      for (const key of [`sus_${randomUUID().replace(/-/g, '')}_${'A'.repeat(43)}`, 'hello']) {
        const result = await gql(api, ME, undefined, { as: { 'x-api-key': key } });
        expect(result.status).toBe(401);
        expect(result.errors?.[0]?.extensions?.reason).toBe('API_KEY_INVALID');
      }
    });
  });

  describe('audit log', () => {
    it('records every mutation with who and what, minimised, readable by the ente administrator only', async () => {
      const created = await gql<{ createApiKey: { key: string; apiKey: { id: string } } }>(
        api,
        `mutation { createApiKey(input: { enteCode: "${ENTE_X}", name: "protocollo", scopes: [cases_read] }) { key apiKey { id } } }`,
        undefined,
        { as: await bearer(issuer, 'enteAdminX') },
      );
      const { key, apiKey } = created.data!.createApiKey;
      const log = await gql<{ auditLog: { entries: Record<string, string | null>[] } }>(
        api,
        `{ auditLog(enteCode: "${ENTE_X}", first: 50) { entries { action entity entityId actorKind actorRef enteCode after } nextBefore } }`,
        undefined,
        { as: await bearer(issuer, 'enteAdminX') },
      );
      const entry = log.data!.auditLog.entries.find((candidate) => candidate.entityId === apiKey.id);
      expect(entry).toMatchObject({
        action: 'createApiKey',
        entity: 'ApiKey',
        actorKind: 'staff',
        actorRef: `staff:${issuer.issuer.replace('http://', '')}/admin.trieste`,
        enteCode: ENTE_X,
      });
      expect(entry!.after).toContain('protocollo');
      expect(entry!.after).not.toContain(key.slice(37));

      const otherEnte = await gql<{ auditLog: { entries: unknown[] } }>(
        api,
        `{ auditLog(enteCode: "${ENTE_Y}") { entries { entityId } } }`,
        undefined,
        { as: await bearer(issuer, 'regionalAdmin') },
      );
      expect(JSON.stringify(otherEnte.data)).not.toContain(apiKey.id);
      const operator = await gql(api, `{ auditLog(enteCode: "${ENTE_X}") { entries { id } } }`, undefined, {
        as: await bearer(issuer, 'operatorX'),
      });
      expect(operator.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
    });

    it('is append-only in the database itself, even for the owner of the table', async () => {
      // The application role may not even try (test/identity/audit-log-privileges.test.ts).
      const owner = new Client({ connectionString: db.ownerUrl });
      await owner.connect();
      try {
        await expect(owner.query(`UPDATE audit_log SET action = 'x'`)).rejects.toThrow(/append-only/);
        await expect(owner.query('DELETE FROM audit_log')).rejects.toThrow(/append-only/);
        await expect(owner.query('TRUNCATE audit_log')).rejects.toThrow(/append-only/);
      } finally {
        await owner.end();
      }
    });
  });

  describe('GraphQL limits (checked before execution)', () => {
    const keysOfX = async () =>
      (await pg.query('SELECT count(*)::int AS n FROM api_key WHERE ente_code = $1', [ENTE_X])).rows[0]
        .n as number;

    it('rejects a too costly query, mutations included, without running any of it', async () => {
      const before = await keysOfX();
      const aliases = Array.from(
        { length: 150 },
        (_, i) =>
          `k${i}: createApiKey(input: { enteCode: "${ENTE_X}", name: "bomba ${i}", scopes: [cases_read] }) { key apiKey { id scopes } }`,
      ).join('\n');
      const costly = await gql(api, `mutation { ${aliases} }`, undefined, {
        as: await bearer(issuer, 'enteAdminX'),
      });
      expect(costly.status).toBe(400);
      expect(costly.errors?.[0]?.extensions?.code).toBe('QUERY_TOO_COSTLY');
      expect(await keysOfX()).toBe(before);
    });

    it('rejects a page larger than the maximum', async () => {
      const result = await gql(
        api,
        `{ auditLog(enteCode: "${ENTE_X}", first: 1000) { entries { id } } }`,
        undefined,
        { as: await bearer(issuer, 'enteAdminX') },
      );
      expect(result.errors?.[0]?.extensions?.code).toBe('PAGE_SIZE_TOO_LARGE');
    });

    it('rejects a body above 1 MiB', async () => {
      const response = await gql(api, `{ me { kind } }`, { padding: 'x'.repeat(1024 * 1024) });
      expect(response.status).toBe(413);
    });

    it('in production: shallow depth limit, no introspection, no GraphiQL, per-IP rate limit', async () => {
      const production = await startApi({
        databaseUrl: await db.productionUrl(),
        temporalAddress: NO_TEMPORAL,
        taskQueue: 'identity-production',
        extra: {
          NODE_ENV: 'production',
          AUDIT_PSEUDONYM_KEY: 'a-test-key-of-at-least-thirty-two-characters',
          NOTICE_LINK_SECRET: 'a-test-notice-link-secret-of-32-characters-or-more',
          PAGOPA_RECEIPT_KEY: 'a-test-receipt-key-of-32-characters-or-more',
          PAGOPA_CHECKOUT_SUBSCRIPTION_KEY: 'a-test-checkout-key-of-32-characters-or-more',
          PAGOPA_CHECKOUT_URL: 'https://checkout.example.invalid/ec/v1',
          OIDC_ISSUERS: issuer.oidcIssuers,
          GRAPHQL_MAX_DEPTH: '2',
          RATE_LIMIT_PER_IP: '8',
        },
      });
      try {
        const admin = await bearer(issuer, 'enteAdminX');
        const deep = await gql(
          production,
          `{ auditLog(enteCode: "${ENTE_X}") { entries { id } } }`,
          undefined,
          { as: admin },
        );
        expect(deep.status).toBe(400);
        expect(deep.errors?.[0]?.extensions).toMatchObject({ code: 'QUERY_TOO_DEEP', depth: 3, maxDepth: 2 });

        const introspection = await gql(production, '{ __schema { types { name } } }');
        expect(introspection.status).toBe(400);
        expect(introspection.errors?.[0]?.message).toMatch(/introspection/i);
        expect((await fetch(`${production.url}/graphiql`)).status).toBe(404);

        const statuses: number[] = [];
        for (let i = 0; i < 12; i++)
          statuses.push((await gql(production, '{ me { kind } }', undefined, { as: admin })).status);
        expect(statuses.slice(0, 4)).toEqual([200, 200, 200, 200]);
        expect(statuses).toContain(429);
        const limited = await gql(production, '{ me { kind } }', undefined, { as: admin });
        expect(limited.errors?.[0]?.extensions?.code).toBe('RATE_LIMITED');
      } finally {
        await production.app.close();
      }
    });

    /** An api whose callers each get `perCaller` requests a minute (the IP limit out of the way). */
    const startLimitedApi = (perCaller: number) =>
      startApi({
        databaseUrl: db.url,
        temporalAddress: NO_TEMPORAL,
        taskQueue: `identity-limits-${perCaller}`,
        extra: {
          OIDC_ISSUERS: issuer.oidcIssuers,
          RATE_LIMIT_PER_CALLER: String(perCaller),
          RATE_LIMIT_PER_IP: '1000',
        },
      });

    it('limits each API key or signed-in user on its own bucket', async () => {
      const limited = await startLimitedApi(3);
      try {
        const admin = await bearer(issuer, 'enteAdminX');
        const statuses: number[] = [];
        for (let i = 0; i < 4; i++)
          statuses.push((await gql(limited, '{ me { kind } }', undefined, { as: admin })).status);
        expect(statuses).toEqual([200, 200, 200, 429]);
        const other = await gql(limited, '{ me { kind } }', undefined, {
          as: await bearer(issuer, 'operatorX'),
        });
        expect(other.status).toBe(200);
      } finally {
        await limited.app.close();
      }
    });

    it('counts each mutation of a request against the caller, not the request once', async () => {
      const limited = await startLimitedApi(5);
      try {
        const admin = await bearer(issuer, 'enteAdminX');
        const six = `mutation { ${Array.from({ length: 6 }, (_, i) => `r${i}: revokeApiKey(enteCode: "${ENTE_X}", id: "${randomUUID()}") { id }`).join(' ')} }`;
        const burst = await gql(limited, six, undefined, { as: admin });
        expect(burst.errors?.[0]?.extensions?.code).toBe('RATE_LIMITED');
        expect(burst.data ?? null).toBeNull();
      } finally {
        await limited.app.close();
      }
    });

    it('does not leak internals in error messages', async () => {
      const result = await gql(api, '{ nope }');
      expect(result.status).toBe(400);
      expect(JSON.stringify(result)).not.toMatch(/\/work\/|node_modules|at .*\(/);
    });
  });
});
