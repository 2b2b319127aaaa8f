import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { StateRegistry } from './persistent-state';
import { loadStateFile, saveStateFile, saveStateFileSync } from './state-file';

describe('sandbox state file', () => {
  let dir: string;
  beforeEach(() => (dir = mkdtempSync(join(tmpdir(), 'sus-state-spec-'))));
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('round-trips Dates, Maps, Sets and Buffers, leaving no temporary file behind', async () => {
    const file = join(dir, 'nested', 'state.bin');
    const sources = {
      a: { at: new Date('2026-12-01T10:00:00Z'), index: new Map([['x', 1]]), keys: new Set(['k']) },
      b: { raw: Buffer.from('mail body') },
    };
    await saveStateFile(file, sources);
    const loaded = await loadStateFile(file);
    expect(loaded.kind).toBe('loaded');
    if (loaded.kind !== 'loaded') return;
    expect(loaded.document.sources).toEqual(sources);
    expect(Buffer.isBuffer((loaded.document.sources.b as { raw: Buffer }).raw)).toBe(true);
    expect(readdirSync(join(dir, 'nested'))).toEqual(['state.bin']);
    saveStateFileSync(file, { a: 1 });
    expect((await loadStateFile(file)).kind).toBe('loaded');
  });

  it('reports a missing file, and moves an unreadable one aside instead of failing', async () => {
    const file = join(dir, 'state.bin');
    expect(await loadStateFile(file)).toEqual({ kind: 'missing' });
    writeFileSync(file, 'garbage');
    const loaded = await loadStateFile(file);
    expect(loaded.kind).toBe('unreadable');
    if (loaded.kind !== 'unreadable') return;
    expect(readFileSync(loaded.movedTo, 'utf8')).toBe('garbage');
    expect(readdirSync(dir)).toEqual([loaded.movedTo.slice(dir.length + 1)]);
  });
});

describe(StateRegistry.name, () => {
  it('imports only the sources present in the file, and reports changes once', () => {
    const sut = new StateRegistry();
    const imported: unknown[] = [];
    sut.register('one', { exportState: () => 1, importState: (state) => imported.push(state) });
    sut.register('two', { exportState: () => 2, importState: (state) => imported.push(state) });
    expect(sut.exportAll()).toEqual({ one: 1, two: 2 });
    expect(sut.importAll({ two: 'saved', gone: 'ignored' })).toEqual(['two']);
    expect(imported).toEqual(['saved']);
    expect(sut.takeChanged()).toBe(false);
    sut.changed();
    expect(sut.takeChanged()).toBe(true);
    expect(sut.takeChanged()).toBe(false);
    expect(() => sut.register('one', { exportState: () => 0, importState: () => undefined })).toThrow();
  });
});
