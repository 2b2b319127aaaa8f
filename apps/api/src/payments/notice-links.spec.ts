import { loadApiSettings } from '../config';
import { NoticeLinks } from './notice-links';

describe(NoticeLinks.name, () => {
  const sut = new NoticeLinks(
    loadApiSettings({
      DATABASE_URL: 'postgres://x@127.0.0.1/x',
      API_PUBLIC_URL: 'https://sus.example.it/',
      NOTICE_LINK_TTL_SECONDS: '3600',
    }),
  );
  const now = Date.parse('2026-11-25T10:00:00Z');
  const notice = '302202600000000143';
  const parts = (url: string) => {
    const parsed = new URL(url);
    return {
      path: parsed.pathname,
      expires: parsed.searchParams.get('expires')!,
      signature: parsed.searchParams.get('signature')!,
    };
  };

  it('makes a link under the public URL that verifies until it expires', () => {
    const { path, expires, signature } = parts(sut.urlFor(notice, now));
    expect(path).toBe(`/payments/${notice}/avviso.pdf`);
    expect(sut.verify(notice, expires, signature, now + 3599_000)).toBe(true);
    expect(sut.verify(notice, expires, signature, now + 3601_000)).toBe(false);
  });

  it('refuses a link moved to another notice, a stretched expiry or a missing signature', () => {
    const { expires, signature } = parts(sut.urlFor(notice, now));
    expect(sut.verify('302202600000000240', expires, signature, now)).toBe(false);
    expect(sut.verify(notice, String(Number(expires) + 86400), signature, now)).toBe(false);
    expect(sut.verify(notice, expires, undefined, now)).toBe(false);
    expect(sut.verify(notice, 'soon', signature, now)).toBe(false);
  });
});
