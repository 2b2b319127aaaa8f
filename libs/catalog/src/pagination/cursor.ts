import { CatalogError } from '../catalog-error';

/**
 * Opaque keyset cursors: the sort key of the last row seen, so a page never skips or repeats
 * rows when others are inserted meanwhile (an offset would).
 */
export function encodeCursor(key: readonly string[]): string {
  return Buffer.from(JSON.stringify(key), 'utf8').toString('base64url');
}

export function decodeCursor(cursor: string, length: number): string[] {
  try {
    const key: unknown = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
    if (Array.isArray(key) && key.length === length && key.every((part) => typeof part === 'string')) {
      return key as string[];
    }
  } catch {
    // fall through: any malformed cursor gets the same answer
  }
  throw new CatalogError(
    'INVALID_CURSOR',
    'The cursor is not one this API returned; start again without it.',
    'after',
  );
}

export interface Page<T> {
  items: { node: T; cursor: string }[];
  hasNextPage: boolean;
  hasPreviousPage: boolean;
}
