import { Money } from '../money';

/**
 * What the causale of a treasurer's cash movement says it pays (issue 19, pagopa-io.md §5):
 * - `flow`: a PSP's aggregated transfer (SCT) for one settlement flow,
 *   `/PUR/LGPE-RIVERSAMENTO/URI/<identificativoFlusso>`;
 * - `single`: one payment transferred on its own, `/RFS/<IUV>/<importo>[/TXT/…]` or
 *   `/RFB/<IUV>[/<importo>][/TXT/…]`;
 * - `other`: income that does not come through pagoPA (rents, transfers from the State…), not SUS's
 *   to reconcile.
 */
export type CashCausale =
  | { kind: 'flow'; flowId: string }
  | { kind: 'single'; iuv: string; amountCents?: number }
  | { kind: 'other' };

/** An identificativoFlusso: letters, digits, '-' and '_', at most 35 (FlussoRiversamento_1_0_4.xsd). */
const FLOW = /\/PUR\/LGPE-RIVERSAMENTO\/URI\/([A-Za-z0-9_-]{1,35})/i;
/** /RFS/ or /RFB/, the IUV (up to 35), then an optional amount before /TXT/ or the end. */
const SINGLE = /\/(RFS|RFB)\/([A-Za-z0-9]{1,35})(?:\/([0-9]+(?:[.,][0-9]{1,2})?))?(?=\/|$)/i;

/**
 * Reads a causale as banks write it: the treasurer's software and the banks in between insert
 * spaces and line breaks mid-token ("/PUR/LGPE- RIVERSAMENTO/URI/…") and prefix their own codes
 * ("RI1/PUR/…", "BONIFICO A VOSTRO FAVORE /RFS/…"), so every whitespace is dropped before the
 * markers are looked for, anywhere in the text. Identifiers keep their case; markers ignore it.
 */
export function parseCashCausale(causale: string): CashCausale {
  const compact = causale.replace(/\s+/g, '');
  const flow = FLOW.exec(compact);
  if (flow) return { kind: 'flow', flowId: flow[1]! };
  const single = SINGLE.exec(compact);
  if (single) {
    const [, , iuv, amount] = single;
    // /RFS/ requires the amount; a /RFS/ without one is still the IUV's movement, read like /RFB/.
    const cents = amount === undefined ? undefined : Money.parse(amount.replace(',', '.')).cents;
    return { kind: 'single', iuv: iuv!, ...(cents !== undefined ? { amountCents: cents } : {}) };
  }
  return { kind: 'other' };
}
