/**
 * Locates the files that ship with the package (data catalogs, the native addon, the
 * engine entry point) from any compiled location: `out/`, `out/tests/server/src/` or an
 * installed `.vsix`. It does not read the files; callers do.
 */
import * as fs from 'fs';
import * as path from 'path';

let cachedRoot: string | undefined;

/** The package root: the nearest ancestor of this file holding our `package.json`. */
export function packageRoot(): string {
  if (cachedRoot !== undefined) {
    return cachedRoot;
  }
  let dir = __dirname;
  for (;;) {
    const manifest = path.join(dir, 'package.json');
    if (fs.existsSync(manifest)) {
      const name = (JSON.parse(fs.readFileSync(manifest, 'utf8')) as { name?: string }).name;
      if (name === 'falco-rule-studio') {
        cachedRoot = dir;
        return dir;
      }
    }
    const parent = path.dirname(dir);
    if (parent === dir) {
      throw new Error(`cannot find the falco-rule-studio package root above ${__dirname}`);
    }
    dir = parent;
  }
}

/** Absolute path of a file under the package's `data/` folder. */
export function dataFile(name: string): string {
  return path.join(packageRoot(), 'data', name);
}
