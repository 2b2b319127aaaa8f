import { http } from '../support/http';
import {
  debtPosition,
  ENTE,
  gpdUrl,
  newIupd,
  newNotice,
  type RunningSandbox,
  startSandbox,
} from '../support/sandbox';

describe('sandbox fault injection on the pagoPA routes', () => {
  let sandbox: RunningSandbox;
  beforeAll(async () => {
    sandbox = await startSandbox();
    await http('PUT', `${sandbox.url}/__sandbox/faults`, { body: { rate5xx: 0.15, rate429: 0.15 } });
  });
  afterAll(() => sandbox.close());

  it('at 30% 5xx/429 a client sees failures, and retrying create until 201/409 still makes exactly one position per IUPD', async () => {
    const statuses: number[] = [];
    const iupds = Array.from({ length: 40 }, () => newIupd());
    for (const iupd of iupds) {
      const body = debtPosition(iupd, [{ iuv: newNotice().iuv, amount: 100 }]);
      for (let attempt = 0; attempt < 50; attempt++) {
        const { status } = await http('POST', `${gpdUrl(sandbox)}?toPublish=true`, { key: ENTE.key, body });
        statuses.push(status);
        if (status === 201 || status === 409) break;
      }
    }
    const failures = statuses.filter((status) => status === 503 || status === 429).length;
    expect(failures).toBeGreaterThan(0);
    expect(statuses.every((status) => [201, 409, 429, 503].includes(status))).toBe(true);

    const { body } = await http('GET', `${sandbox.url}/__sandbox/counters`);
    expect(body.faults.injected5xx + body.faults.injected429).toBe(failures);
    for (const iupd of iupds) expect(body.pagopa.debtPositionsCreated[`${ENTE.fiscalCode}/${iupd}`]).toBe(1);
  });

  it('leaves the PSP simulator and the control routes alone', async () => {
    for (let i = 0; i < 20; i++) {
      const { status } = await http('POST', `${sandbox.url}/__sandbox/psp/verify`, {
        body: { noticeNumber: newNotice().noticeNumber, fiscalCode: ENTE.fiscalCode },
      });
      expect(status).toBe(422);
    }
  });

  it('forgets positions and counters on POST /__sandbox/reset', async () => {
    await http('PUT', `${sandbox.url}/__sandbox/faults`, { body: { rate5xx: 0, rate429: 0 } });
    const iupd = newIupd();
    await http('POST', gpdUrl(sandbox), {
      key: ENTE.key,
      body: debtPosition(iupd, [{ iuv: newNotice().iuv, amount: 100 }]),
    });
    expect((await http('POST', `${sandbox.url}/__sandbox/reset`)).status).toBe(204);
    expect((await http('GET', `${gpdUrl(sandbox)}/${iupd}`, { key: ENTE.key })).status).toBe(404);
    expect((await http('GET', `${sandbox.url}/__sandbox/counters`)).body.pagopa.debtPositionsCreated).toEqual(
      {},
    );
  });
});
