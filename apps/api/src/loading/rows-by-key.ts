/** DataLoader batch answers: rows put back in the order of the keys asked for. */
export const byKey = <T>(
  keys: readonly string[],
  rows: T[],
  keyOf: (row: T) => string | null,
): (T | null)[] => {
  const found = new Map(rows.map((row) => [keyOf(row), row]));
  return keys.map((key) => found.get(key) ?? null);
};

export const groupedBy = <T>(keys: readonly string[], rows: T[], keyOf: (row: T) => string | null): T[][] => {
  const groups = new Map<string | null, T[]>();
  for (const row of rows) {
    const key = keyOf(row);
    const group = groups.get(key);
    if (group) group.push(row);
    else groups.set(key, [row]);
  }
  return keys.map((key) => groups.get(key) ?? []);
};
