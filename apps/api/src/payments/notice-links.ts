import { createHmac, timingSafeEqual } from 'node:crypto';
import { Inject, Injectable } from '@nestjs/common';
import { ApiSettings } from '../config';

/**
 * Download links for avvisi. Whoever may read a payment through the API gets a link that works
 * for a limited time without further login (a citizen's browser, an App IO message); the HMAC
 * makes the link unguessable and tamper-proof, so a notice number alone never opens the PDF.
 */
@Injectable()
export class NoticeLinks {
  constructor(@Inject(ApiSettings) private readonly settings: ApiSettings) {}

  urlFor(noticeNumber: string, now = Date.now()): string {
    const expires = Math.floor(now / 1000) + this.settings.values.NOTICE_LINK_TTL_SECONDS;
    const base = this.settings.values.API_PUBLIC_URL.replace(/\/$/, '');
    return `${base}/payments/${noticeNumber}/avviso.pdf?expires=${expires}&signature=${this.sign(noticeNumber, expires)}`;
  }

  verify(
    noticeNumber: string,
    expires: string | undefined,
    signature: string | undefined,
    now = Date.now(),
  ): boolean {
    if (!expires || !signature || !/^\d{1,12}$/.test(expires)) return false;
    if (Number(expires) * 1000 < now) return false;
    const expected = Buffer.from(this.sign(noticeNumber, Number(expires)));
    const given = Buffer.from(signature);
    return expected.length === given.length && timingSafeEqual(expected, given);
  }

  private sign(noticeNumber: string, expires: number): string {
    return createHmac('sha256', this.settings.values.NOTICE_LINK_SECRET)
      .update(`avviso:${noticeNumber}:${expires}`)
      .digest('base64url');
  }
}
