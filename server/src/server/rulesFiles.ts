/**
 * Finds the rules files of the workspace folders on disk and puts them in load order, so
 * that closed files take part in loading like they would under `falco -r`. Rules files are
 * `*_rules.yaml`, `*.falco.yaml` (and `.yml`), and any YAML file whose top-level items are
 * Falco items. It reads directories and file heads only; it does not parse YAML.
 */
import * as fs from 'fs';
import * as path from 'path';

/** Falco's usual order for the official files; everything else follows by path. */
export const DEFAULT_ORDER = ['falco_rules.yaml', 'falco-incubating_rules.yaml', 'falco-sandbox_rules.yaml'];

const RULES_FILE_NAME = /(_rules|\.falco)\.ya?ml$/;
const YAML_FILE_NAME = /\.ya?ml$/;
const FALCO_ITEM = /^-\s+(rule|macro|list|required_engine_version|required_plugin_versions)\s*:/m;
const SKIPPED_DIRS = new Set(['node_modules', 'out', 'build', 'test-results']);
const MAX_FILES = 2000;
const MAX_DEPTH = 10;
const MAX_FILE_BYTES = 8 * 1024 * 1024;
const HEAD_BYTES = 64 * 1024;

/** True when a file name or its text says it is a Falco rules file. */
export function isRulesFile(fileName: string, text: string | undefined): boolean {
  if (RULES_FILE_NAME.test(fileName)) {
    return true;
  }
  return YAML_FILE_NAME.test(fileName) && text !== undefined && FALCO_ITEM.test(text.slice(0, HEAD_BYTES));
}

/** Every rules file under the given folders (absolute paths), unordered. */
export function findRulesFiles(folders: readonly string[]): string[] {
  const found: string[] = [];
  const walk = (dir: string, depth: number): void => {
    if (depth > MAX_DEPTH || found.length >= MAX_FILES) {
      return;
    }
    let entries: fs.Dirent[];
    try {
      entries = fs.readdirSync(dir, { withFileTypes: true });
    } catch {
      return;
    }
    for (const entry of entries) {
      const full = path.join(dir, entry.name);
      if (entry.isDirectory()) {
        if (!entry.name.startsWith('.') && !SKIPPED_DIRS.has(entry.name)) {
          walk(full, depth + 1);
        }
      } else if (entry.isFile() && YAML_FILE_NAME.test(entry.name) && isRulesFileOnDisk(full, entry.name)) {
        found.push(full);
      }
    }
  };
  folders.forEach((folder) => walk(folder, 0));
  return found;
}

/**
 * Puts files in load order: first the files the user listed (`falcoRuleStudio.rulesFiles`,
 * relative to the first folder or absolute) in their order, then Falco's usual official
 * files, then the rest by path.
 */
export function orderRulesFiles(files: readonly string[], userOrder: readonly string[], folders: readonly string[]): string[] {
  const base = folders[0] ?? process.cwd();
  const userRank = new Map<string, number>();
  userOrder.forEach((entry, idx) => {
    const abs = path.resolve(base, entry);
    if (!userRank.has(abs)) {
      userRank.set(abs, idx);
    }
  });
  const rank = (file: string): [number, number] => {
    const user = userRank.get(file);
    if (user !== undefined) {
      return [0, user];
    }
    const official = DEFAULT_ORDER.indexOf(path.basename(file));
    return official >= 0 ? [1, official] : [2, 0];
  };
  return [...new Set(files)].sort((a, b) => {
    const [groupA, idxA] = rank(a);
    const [groupB, idxB] = rank(b);
    return groupA - groupB || idxA - idxB || (a < b ? -1 : a > b ? 1 : 0);
  });
}

function isRulesFileOnDisk(full: string, name: string): boolean {
  if (RULES_FILE_NAME.test(name)) {
    return true;
  }
  try {
    const stat = fs.statSync(full);
    if (stat.size > MAX_FILE_BYTES) {
      return false;
    }
    const fd = fs.openSync(full, 'r');
    try {
      const buffer = Buffer.alloc(Math.min(HEAD_BYTES, stat.size));
      fs.readSync(fd, buffer, 0, buffer.length, 0);
      return isRulesFile(name, buffer.toString('utf8'));
    } finally {
      fs.closeSync(fd);
    }
  } catch {
    return false;
  }
}
