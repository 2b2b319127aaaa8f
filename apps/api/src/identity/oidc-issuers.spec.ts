import { oidcIssuers } from './oidc-issuers';

describe('OIDC_ISSUERS', () => {
  const parse = (issuers: unknown[]) => oidcIssuers.safeParse(JSON.stringify(issuers));
  const gateway = { issuer: 'https://spid-gateway.example/oidc', audience: 'sus-api', actors: ['citizen'] };

  it('requires the actors of each issuer, so a forgotten setting cannot grant staff roles', () => {
    const { actors: _forgotten, ...withoutActors } = gateway;
    expect(parse([withoutActors]).success).toBe(false);
    expect(parse([{ ...gateway, actors: [] }]).success).toBe(false);
    expect(parse([gateway]).data).toEqual([gateway]);
  });

  it('refuses http issuers except on loopback for development', () => {
    expect(parse([{ ...gateway, issuer: 'http://spid-gateway.example/oidc' }]).success).toBe(false);
    expect(parse([{ ...gateway, issuer: 'http://10.0.0.5:3100/oidc' }]).success).toBe(false);
    expect(parse([{ ...gateway, issuer: 'ftp://spid-gateway.example/oidc' }]).success).toBe(false);
    for (const loopback of [
      'http://127.0.0.1:3100/oidc',
      'http://localhost:3100/oidc',
      'http://[::1]:3100/oidc',
    ]) {
      expect(parse([{ ...gateway, issuer: loopback }]).success).toBe(true);
    }
  });
});
