import { http, type JsonBody } from '../support/http';
import {
  debtPosition,
  ENTE,
  gpdUrl,
  newIupd,
  newNotice,
  OTHER_ENTE,
  type RunningSandbox,
  startSandbox,
} from '../support/sandbox';

describe('sandbox GPD debt positions (gpd.json v1)', () => {
  let sandbox: RunningSandbox;
  beforeAll(async () => {
    sandbox = await startSandbox();
  });
  afterAll(() => sandbox.close());

  it('creates a draft, publishes it to VALID, reads it back and lists it', async () => {
    const iupd = newIupd();
    const { iuv, noticeNumber } = newNotice();
    const created = await http('POST', gpdUrl(sandbox), {
      key: ENTE.key,
      body: debtPosition(iupd, [{ iuv, amount: 5100 }]),
    });
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({
      iupd,
      status: 'DRAFT',
      paymentOption: [{ iuv, nav: noticeNumber, amount: 5100 }],
    });

    const published = await http('POST', `${gpdUrl(sandbox)}/${iupd}/publish`, { key: ENTE.key });
    expect(published.status).toBe(200);
    expect(published.body.status).toBe('VALID');

    const read = await http('GET', `${gpdUrl(sandbox)}/${iupd}`, {
      key: ENTE.key,
      headers: { 'X-Request-Id': 'req-42' },
    });
    expect(read.status).toBe(200);
    expect(read.headers.get('x-request-id')).toBe('req-42');
    expect(read.body).toMatchObject({
      iupd,
      organizationFiscalCode: ENTE.fiscalCode,
      status: 'VALID',
      paymentOption: [
        { iuv, nav: noticeNumber, status: 'PO_UNPAID', transfer: [{ status: 'T_UNREPORTED' }] },
      ],
    });
    expect(typeof read.body.publishDate).toBe('string');

    const list = await http('GET', `${gpdUrl(sandbox)}?status=VALID&limit=50`, { key: ENTE.key });
    expect(list.status).toBe(200);
    expect(list.body.payment_position_list.map((p: { iupd: string }) => p.iupd)).toContain(iupd);
  });

  it('answers 409 to a second create with the same IUPD or an IUV already in use, and counts every request', async () => {
    const iupd = newIupd();
    const { iuv } = newNotice();
    expect(
      (
        await http('POST', `${gpdUrl(sandbox)}?toPublish=true`, {
          key: ENTE.key,
          body: debtPosition(iupd, [{ iuv, amount: 100 }]),
        })
      ).status,
    ).toBe(201);
    const again = await http('POST', gpdUrl(sandbox), {
      key: ENTE.key,
      body: debtPosition(iupd, [{ iuv: newNotice().iuv, amount: 100 }]),
    });
    expect(again.status).toBe(409);
    expect(again.headers.get('x-request-id')).toMatch(/^[0-9a-f-]{36}$/);
    expect(again.body).toMatchObject({
      status: 409,
      title: expect.any(String),
      detail: expect.stringContaining(iupd),
    });
    const sameIuv = await http('POST', gpdUrl(sandbox), {
      key: ENTE.key,
      body: debtPosition(newIupd(), [{ iuv, amount: 100 }]),
    });
    expect(sameIuv.status).toBe(409);

    const counters = await http('GET', `${sandbox.url}/__sandbox/counters`);
    expect(counters.body.pagopa.debtPositionsCreated[`${ENTE.fiscalCode}/${iupd}`]).toBe(1);
    expect(counters.body.pagopa.debtPositionCreateRequests[`${ENTE.fiscalCode}/${iupd}`]).toBe(2);
  });

  it('creates straight to VALID with toPublish=true, and to PUBLISHED when the validity date is ahead', async () => {
    const now = await http('POST', `${gpdUrl(sandbox)}?toPublish=true`, {
      key: ENTE.key,
      body: debtPosition(newIupd(), [{ iuv: newNotice().iuv, amount: 100 }]),
    });
    expect(now.body.status).toBe('VALID');
    const later = await http('POST', `${gpdUrl(sandbox)}?toPublish=true`, {
      key: ENTE.key,
      body: debtPosition(newIupd(), [{ iuv: newNotice().iuv, amount: 100 }], {
        validityDate: new Date(Date.now() + 86_400_000).toISOString(),
      }),
    });
    expect(later.body.status).toBe('PUBLISHED');
  });

  it('refuses a missing or unknown key with 401 and another ente’s key with 403', async () => {
    const missing = await http('GET', gpdUrl(sandbox));
    expect(missing.status).toBe(401);
    expect(missing.body).toMatchObject({ statusCode: 401 });
    expect((await http('GET', gpdUrl(sandbox), { key: 'not-a-real-key-123' })).status).toBe(401);
    expect((await http('GET', gpdUrl(sandbox), { key: OTHER_ENTE.key })).status).toBe(403);
    expect((await http('POST', gpdUrl(sandbox), { body: {} })).status).toBe(401);
  });

  it('rejects with 400 a sum of transfers different from the amount, a bad taxonomy, a bad IBAN, a bad IUV and missing fields', async () => {
    const bad = async (mutate: (body: JsonBody) => void) => {
      const body: JsonBody = debtPosition(newIupd(), [{ iuv: newNotice().iuv, amount: 1000 }]);
      mutate(body);
      return http('POST', gpdUrl(sandbox), { key: ENTE.key, body });
    };
    const sum = await bad((body) => (body.paymentOption[0].transfer[0].amount = 999));
    expect(sum.status).toBe(400);
    expect(sum.body).toMatchObject({ status: 400, detail: expect.stringContaining('add up to 999') });
    const taxonomy = await bad((body) => (body.paymentOption[0].transfer[0].category = '9/0104102XX/'));
    expect(taxonomy.status).toBe(400);
    expect(taxonomy.body.detail).toContain('category');
    expect(
      (await bad((body) => (body.paymentOption[0].transfer[0].iban = 'IT00X0542811101000000123456'))).status,
    ).toBe(400);
    expect((await bad((body) => (body.paymentOption[0].iuv = '01202600000000199'))).status).toBe(400);
    expect((await bad((body) => delete body.fullName)).status).toBe(400);
    expect((await bad((body) => (body.paymentOption[0].transfer[0].idTransfer = '6'))).status).toBe(400);
  });

  it('updates a VALID position back to DRAFT, and refuses to update, invalidate or publish where the lifecycle forbids it', async () => {
    const iupd = newIupd();
    const { iuv } = newNotice();
    await http('POST', `${gpdUrl(sandbox)}?toPublish=true`, {
      key: ENTE.key,
      body: debtPosition(iupd, [{ iuv, amount: 100 }]),
    });
    const updated = await http('PUT', `${gpdUrl(sandbox)}/${iupd}`, {
      key: ENTE.key,
      body: debtPosition(iupd, [{ iuv, amount: 250 }]),
    });
    expect(updated.status).toBe(200);
    expect(updated.body).toMatchObject({ status: 'DRAFT', paymentOption: [{ amount: 250 }] });

    expect((await http('POST', `${gpdUrl(sandbox)}/${iupd}/invalidate`, { key: ENTE.key })).status).toBe(409);
    expect((await http('POST', `${gpdUrl(sandbox)}/${iupd}/publish`, { key: ENTE.key })).body.status).toBe(
      'VALID',
    );
    expect((await http('POST', `${gpdUrl(sandbox)}/${iupd}/publish`, { key: ENTE.key })).status).toBe(409);
    const invalidated = await http('POST', `${gpdUrl(sandbox)}/${iupd}/invalidate`, { key: ENTE.key });
    expect(invalidated.body.status).toBe('INVALID');
    const afterInvalid = await http('PUT', `${gpdUrl(sandbox)}/${iupd}`, {
      key: ENTE.key,
      body: debtPosition(iupd, [{ iuv, amount: 300 }]),
    });
    expect(afterInvalid.status).toBe(409);
    expect((await http('POST', `${gpdUrl(sandbox)}/${iupd}/invalidate`, { key: ENTE.key })).status).toBe(409);
    expect((await http('GET', `${gpdUrl(sandbox)}/unknown-iupd`, { key: ENTE.key })).status).toBe(404);
  });

  it('deletes a position that has no payment', async () => {
    const iupd = newIupd();
    await http('POST', gpdUrl(sandbox), {
      key: ENTE.key,
      body: debtPosition(iupd, [{ iuv: newNotice().iuv, amount: 100 }]),
    });
    expect((await http('DELETE', `${gpdUrl(sandbox)}/${iupd}`, { key: ENTE.key })).status).toBe(200);
    expect((await http('GET', `${gpdUrl(sandbox)}/${iupd}`, { key: ENTE.key })).status).toBe(404);
  });

  it('pages the list and keeps enti apart', async () => {
    for (let i = 0; i < 3; i++) {
      await http('POST', gpdUrl(sandbox, OTHER_ENTE.fiscalCode), {
        key: OTHER_ENTE.key,
        body: debtPosition(`ALTROVE-${i}`, [{ iuv: newNotice().iuv, amount: 100 }]),
      });
    }
    const first = await http(
      'GET',
      `${gpdUrl(sandbox, OTHER_ENTE.fiscalCode)}?limit=2&page=0&orderby=IUPD&ordering=ASC`,
      {
        key: OTHER_ENTE.key,
      },
    );
    expect(first.body.page_info).toEqual({ page: 0, limit: 2, items_found: 2, total_pages: 2 });
    expect(first.body.payment_position_list.map((p: { iupd: string }) => p.iupd)).toEqual([
      'ALTROVE-0',
      'ALTROVE-1',
    ]);
    const second = await http(
      'GET',
      `${gpdUrl(sandbox, OTHER_ENTE.fiscalCode)}?limit=2&page=1&orderby=IUPD&ordering=ASC`,
      {
        key: OTHER_ENTE.key,
      },
    );
    expect(second.body.payment_position_list.map((p: { iupd: string }) => p.iupd)).toEqual(['ALTROVE-2']);
    expect(
      (await http('GET', `${gpdUrl(sandbox, OTHER_ENTE.fiscalCode)}?limit=51`, { key: OTHER_ENTE.key }))
        .status,
    ).toBe(400);
    expect(
      (
        await http(
          'GET',
          `${gpdUrl(sandbox, OTHER_ENTE.fiscalCode)}?due_date_from=2026-01-01&payment_date_from=2026-01-01`,
          {
            key: OTHER_ENTE.key,
          },
        )
      ).status,
    ).toBe(400);
  });

  it('expires a VALID position after its due date when switchToExpired is set (sandbox clock moved ahead)', async () => {
    const iupd = newIupd();
    await http('POST', `${gpdUrl(sandbox)}?toPublish=true`, {
      key: ENTE.key,
      body: debtPosition(iupd, [{ iuv: newNotice().iuv, amount: 100, dueInDays: 2 }]),
    });
    await http('PUT', `${sandbox.url}/__sandbox/pagopa/clock`, { body: { advanceMs: 3 * 86_400_000 } });
    try {
      expect((await http('GET', `${gpdUrl(sandbox)}/${iupd}`, { key: ENTE.key })).body.status).toBe(
        'EXPIRED',
      );
    } finally {
      await http('PUT', `${sandbox.url}/__sandbox/pagopa/clock`, { body: { reset: true } });
    }
  });
});
