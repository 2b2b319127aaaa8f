import { closeSync, fsyncSync, mkdirSync, openSync, renameSync, writeSync } from 'node:fs';
import { mkdir, open, readFile, rename } from 'node:fs/promises';
import { dirname } from 'node:path';
import { deserialize, serialize } from 'node:v8';

/** What the state file holds: a format version and each source's exported state. */
export interface StateDocument {
  format: 1;
  savedAt: string;
  sources: Record<string, unknown>;
}

export type LoadResult =
  | { kind: 'missing' }
  | { kind: 'loaded'; document: StateDocument }
  | { kind: 'unreadable'; reason: string; movedTo: string };

const isDocument = (value: unknown): value is StateDocument =>
  typeof value === 'object' &&
  value !== null &&
  (value as StateDocument).format === 1 &&
  typeof (value as StateDocument).sources === 'object' &&
  (value as StateDocument).sources !== null;

/**
 * Reads the state file. A file that cannot be decoded (truncated, another format) is moved aside
 * to `<file>.unreadable-<time>` rather than deleted, so the sandbox starts empty and the data can
 * still be inspected.
 */
export async function loadStateFile(file: string): Promise<LoadResult> {
  let bytes: Buffer;
  try {
    bytes = await readFile(file);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return { kind: 'missing' };
    throw error;
  }
  let reason: string;
  try {
    const value: unknown = deserialize(bytes);
    if (isDocument(value)) return { kind: 'loaded', document: value };
    reason = 'not a sandbox state document';
  } catch (error) {
    reason = error instanceof Error ? error.message : String(error);
  }
  const movedTo = `${file}.unreadable-${new Date().toISOString().replace(/[:.]/g, '-')}`;
  await rename(file, movedTo);
  return { kind: 'unreadable', reason, movedTo };
}

const encode = (sources: Record<string, unknown>): Buffer =>
  serialize({ format: 1, savedAt: new Date().toISOString(), sources } satisfies StateDocument);

/** Writes a temporary file next to the target, flushes it, then renames it over: never a half-written file. */
export async function saveStateFile(file: string, sources: Record<string, unknown>): Promise<void> {
  const bytes = encode(sources);
  await mkdir(dirname(file), { recursive: true });
  const temporary = `${file}.tmp-${process.pid}`;
  const handle = await open(temporary, 'w');
  try {
    await handle.writeFile(bytes);
    await handle.sync();
  } finally {
    await handle.close();
  }
  await rename(temporary, file);
}

/** The same, synchronously: for the last save at shutdown, when nothing may be left pending. */
export function saveStateFileSync(file: string, sources: Record<string, unknown>): void {
  const bytes = encode(sources);
  mkdirSync(dirname(file), { recursive: true });
  const temporary = `${file}.tmp-${process.pid}`;
  const fd = openSync(temporary, 'w');
  try {
    writeSync(fd, bytes);
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
  renameSync(temporary, file);
}
