import { Inject, Injectable } from '@nestjs/common';
import { CatalogError } from '@sus/catalog';
import { ApiSettings } from '../config';

export interface CartNotice {
  noticeNumber: string;
  fiscalCode: string;
  amount: number;
  companyName: string;
  description: string;
}

/**
 * pagoPA Checkout (checkout_v1.json): a cart of up to 5 notices becomes a page where the citizen
 * pays now. The sandbox and the real platform differ only in base URL and subscription key.
 */
@Injectable()
export class CheckoutClient {
  constructor(@Inject(ApiSettings) private readonly settings: ApiSettings) {}

  /** Returns the Checkout URL to send the citizen's browser to. */
  async createCart(
    notices: CartNotice[],
    returnUrls: { ok: string; cancel: string; error: string },
  ): Promise<string> {
    const base = this.settings.values.PAGOPA_CHECKOUT_URL.replace(/\/$/, '');
    const response = await fetch(`${base}/carts`, {
      method: 'POST',
      redirect: 'manual',
      headers: {
        'content-type': 'application/json',
        'Ocp-Apim-Subscription-Key': this.settings.values.PAGOPA_CHECKOUT_SUBSCRIPTION_KEY,
      },
      body: JSON.stringify({
        paymentNotices: notices,
        returnUrls: {
          returnOkUrl: returnUrls.ok,
          returnCancelUrl: returnUrls.cancel,
          returnErrorUrl: returnUrls.error,
        },
      }),
      signal: AbortSignal.timeout(15_000),
    });
    const location = response.headers.get('location');
    if (response.status === 302 && location) return new URL(location, base).toString();
    throw new CatalogError(
      'CHECKOUT_UNAVAILABLE',
      `pagoPA Checkout did not accept the cart (HTTP ${response.status}); try again, or choose to pay later with the avviso.`,
    );
  }
}
