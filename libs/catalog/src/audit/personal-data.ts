import { createHmac } from 'node:crypto';

/**
 * Pseudonymises personal data before it reaches the audit log (GDPR art. 5(1)(c), 25): a keyed
 * hash lets an auditor see that two entries concern the same person, and confirm a given fiscal
 * code, without the log itself disclosing anyone's identity.
 */
export class PersonalDataMinimiser {
  constructor(private readonly key: string) {}

  pseudonym(value: string): string {
    return createHmac('sha256', this.key).update(value.trim().toUpperCase()).digest('hex').slice(0, 20);
  }

  /** A copy of `value` with fiscal codes pseudonymised and contact data and secrets removed. */
  minimise(value: unknown, depth = 0): unknown {
    if (depth > 8) return '[…]';
    if (typeof value === 'string') {
      return PERSON_FISCAL_CODE.test(value.trim()) ? `cf:${this.pseudonym(value)}` : value;
    }
    if (Array.isArray(value)) return value.map((item) => this.minimise(item, depth + 1));
    // An impossible date (GraphQL's DateTime scalar lets one through to a refused mutation).
    if (value instanceof Date) return Number.isNaN(value.getTime()) ? 'Invalid Date' : value.toISOString();
    if (value && typeof value === 'object') {
      return Object.fromEntries(
        Object.entries(value as Record<string, unknown>).map(([key, item]) => {
          if (SECRET_FIELDS.test(key)) return [key, '[omesso]'];
          if (CONTACT_FIELDS.test(key)) return [key, item == null ? item : '[omesso]'];
          if (typeof item === 'string' && FISCAL_CODE_FIELDS.test(key)) {
            return [key, `cf:${this.pseudonym(item)}`];
          }
          return [key, this.minimise(item, depth + 1)];
        }),
      );
    }
    return value;
  }
}

const PERSON_FISCAL_CODE =
  /^(?:TINIT-)?[A-Z]{6}[\dLMNPQRSTUV]{2}[ABCDEHLMPRST][\dLMNPQRSTUV]{2}[A-Z][\dLMNPQRSTUV]{3}[A-Z]$/i;
const FISCAL_CODE_FIELDS = /fiscal(code|number)|codicefiscale/i;
const CONTACT_FIELDS = /^(email|pec|phone|telefono|mobile|address|indirizzo)$/i;
const SECRET_FIELDS = /^(key|secret|password|token|apikey|accesstoken)$/i;
