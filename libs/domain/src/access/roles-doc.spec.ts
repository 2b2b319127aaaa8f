import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { StaffRole } from './actor';
import { PERMISSIONS, ROLE_PERMISSIONS, SCOPE_PERMISSIONS } from './permissions';

/** docs/roles.md is read by people deciding who gets which role: it must say what the code does. */
describe('docs/roles.md', () => {
  const doc = readFileSync(join(__dirname, '..', '..', '..', '..', 'docs', 'roles.md'), 'utf8');
  /** Table rows whose first cell is code, such as | `operator` | per ente | ✓ | … |. */
  const rows = () =>
    doc
      .split('\n')
      .filter((line) => line.startsWith('| `'))
      .map((line) =>
        line
          .split('|')
          .slice(1, -1)
          .map((cell) => cell.trim()),
      );

  it("has the staff roles' matrix of ROLE_PERMISSIONS", () => {
    const header = doc.split('\n').find((line) => line.startsWith('| role '))!;
    const columns = header
      .split('|')
      .slice(1, -1)
      .map((cell) => cell.trim());
    expect(columns.slice(2)).toEqual([...PERMISSIONS]);
    const documented: Record<string, string[]> = {};
    for (const cells of rows()) {
      const role = /^`(\w+)`$/.exec(cells[0]!)?.[1];
      if (!role || !(role in ROLE_PERMISSIONS) || cells.length !== columns.length) continue;
      documented[role] = PERMISSIONS.filter((_, index) => cells[index + 2] === '✓');
    }
    const expected: Record<string, string[]> = {};
    for (const role of Object.keys(ROLE_PERMISSIONS) as StaffRole[])
      expected[role] = PERMISSIONS.filter((p) => ROLE_PERMISSIONS[role].includes(p));
    expect(documented).toEqual(expected);
  });

  it('maps every key scope as SCOPE_PERMISSIONS does', () => {
    for (const [scope, permissions] of Object.entries(SCOPE_PERMISSIONS)) {
      const row = rows().find((cells) => cells[0] === `\`${scope}\`` && cells.length === 2);
      expect(row?.[1]).toBe(permissions.map((p) => `\`${p}\``).join(', '));
    }
  });
});
