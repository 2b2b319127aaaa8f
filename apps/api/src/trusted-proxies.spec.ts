import { loadApiSettings } from './config';

describe('API_TRUST_PROXY', () => {
  const valid = { DATABASE_URL: 'postgres://sus@127.0.0.1:5432/sus' };

  it('refuses true, which would let any client forge X-Forwarded-For', () => {
    expect(() => loadApiSettings({ ...valid, API_TRUST_PROXY: 'true' })).toThrow(/API_TRUST_PROXY/);
    expect(() => loadApiSettings({ ...valid, NODE_ENV: 'production', API_TRUST_PROXY: 'true' })).toThrow(
      /API_TRUST_PROXY: must list the proxies/,
    );
  });

  it('accepts proxy addresses and CIDRs, IPv4 and IPv6, and refuses anything else', () => {
    expect(
      loadApiSettings({ ...valid, API_TRUST_PROXY: '10.0.0.1,10.1.0.0/16, fd00::/8' }).trustProxy,
    ).toEqual(['10.0.0.1', '10.1.0.0/16', 'fd00::/8']);
    for (const wrong of ['proxy.example', '10.0.0.0/33', '10.0.0.1/8/1', '1', '*']) {
      expect(() => loadApiSettings({ ...valid, API_TRUST_PROXY: wrong })).toThrow(/API_TRUST_PROXY/);
    }
  });
});
