import type { RequestContext } from '@sus/catalog';
import type { FastifyRequest } from 'fastify';
import type { GraphqlContext } from '../request-context/request-context';
import { perRequest } from './per-request';

const requestAs = (susContext: RequestContext): GraphqlContext => ({
  reply: { request: { id: susContext.requestId, susContext } as FastifyRequest },
});

describe(perRequest.name, () => {
  const operator: RequestContext = {
    requestId: 'r-1',
    actor: {
      kind: 'staff',
      userId: 'operatore.trieste',
      name: 'Paolo Costa',
      roles: [{ enteCode: 'c_l424', role: 'operator' }],
    },
  };

  it('makes once per request and owner, with the request context of that request', () => {
    const owner = {};
    const gql = requestAs(operator);
    const make = jest.fn((ctx: RequestContext) => ({ ctx }));
    const first = perRequest(gql, owner, make);
    expect(perRequest(gql, owner, make)).toBe(first);
    expect(make).toHaveBeenCalledTimes(1);
    expect(first.ctx).toBe(operator);
  });

  it('never shares what it made between requests, nor between owners of one request', () => {
    const owner = {};
    const [one, other] = [requestAs(operator), requestAs({ ...operator, requestId: 'r-2' })];
    const make = (ctx: RequestContext) => ({ ctx });
    expect(perRequest(one, owner, make)).not.toBe(perRequest(other, owner, make));
    expect(perRequest(one, owner, make)).not.toBe(perRequest(one, {}, make));
    expect(perRequest(other, owner, make).ctx.requestId).toBe('r-2');
  });

  it('acts for an anonymous caller when the request carries no context', () => {
    expect(perRequest({}, {}, (ctx) => ctx.actor)).toEqual({ kind: 'anonymous' });
  });
});
