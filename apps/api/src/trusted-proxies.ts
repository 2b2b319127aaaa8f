import { isIP } from 'node:net';
import { z } from 'zod';

/** One proxy address or CIDR block, IPv4 or IPv6: 10.0.0.1, 10.1.0.0/16, fd00::/8. */
function isAddressOrCidr(entry: string): boolean {
  const [address = '', prefix, ...rest] = entry.split('/');
  const version = isIP(address);
  if (version === 0 || rest.length > 0) return false;
  if (prefix === undefined) return true;
  return /^\d{1,3}$/.test(prefix) && Number(prefix) <= (version === 4 ? 32 : 128);
}

/**
 * API_TRUST_PROXY: `false`, or the comma-separated addresses/CIDRs of the proxies in front of the api.
 * Never `true`: trusting every hop lets any client write its own X-Forwarded-For and so choose the
 * address that per-IP rate limits and logs see.
 */
export const trustedProxies = z
  .string()
  .min(1)
  .refine((value) => value.trim() !== 'true', {
    message:
      'must list the proxies (addresses or CIDRs, comma-separated), not true: any client could then forge X-Forwarded-For',
  })
  .refine(
    (value) =>
      value.trim() === 'false' ||
      value
        .split(',')
        .map((part) => part.trim())
        .every(isAddressOrCidr),
    {
      message: 'must be false or a comma-separated list of IP addresses or CIDRs, e.g. 10.0.0.1, 10.1.0.0/16',
    },
  );
