import { APPLICATION_ROLE, asDatabaseRole } from './application-role';

describe(asDatabaseRole.name, () => {
  it('keeps server, port, database and options, and changes only the role and its password', () => {
    const url = asDatabaseRole(
      'postgres://postgres:owner-secret@db.internal:5433/sus?sslmode=require',
      APPLICATION_ROLE,
      'p@ss/word',
    );
    const parsed = new URL(url);
    expect({
      user: parsed.username,
      password: decodeURIComponent(parsed.password),
      host: parsed.host,
      db: parsed.pathname,
      search: parsed.search,
    }).toEqual({
      user: 'sus_app',
      password: 'p@ss/word',
      host: 'db.internal:5433',
      db: '/sus',
      search: '?sslmode=require',
    });
  });

  it("drops the owner's password when the role has none (trust authentication)", () => {
    expect(asDatabaseRole('postgres://postgres:owner-secret@127.0.0.1:5432/sus', 'sus_app')).toBe(
      'postgres://sus_app@127.0.0.1:5432/sus',
    );
  });
});
