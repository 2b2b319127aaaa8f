import { readdirSync, readFileSync, statSync } from 'node:fs';
import { extname, join, relative, sep } from 'node:path';

const CONTENT_TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.map': 'application/json; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.woff2': 'font/woff2',
  '.woff': 'font/woff',
  '.ttf': 'font/ttf',
  '.eot': 'application/vnd.ms-fontobject',
};

export interface StaticFile {
  body: Buffer;
  contentType: string;
  /** Vite names bundle files by their content hash: they never change under the same name. */
  immutable: boolean;
}

/**
 * The built bundle, read once at start into a map from URL path to file. Requests are looked up in
 * the map, never joined onto the file system, so no URL can reach a file outside the bundle.
 */
export function loadStaticFiles(dir: string): Map<string, StaticFile> {
  const files = new Map<string, StaticFile>();
  const walk = (folder: string) => {
    for (const name of readdirSync(folder)) {
      const path = join(folder, name);
      if (statSync(path).isDirectory()) {
        walk(path);
        continue;
      }
      const url = `/${relative(dir, path).split(sep).join('/')}`;
      files.set(url, {
        body: readFileSync(path),
        contentType: CONTENT_TYPES[extname(name)] ?? 'application/octet-stream',
        immutable: url.startsWith('/assets/'),
      });
    }
  };
  walk(dir);
  return files;
}
