/**
 * Shared helpers of the loader's golden tests: groups case files (`<case>.yaml`, or
 * `<case>.1.yaml`, `<case>.2.yaml`… loaded in that order), loads a group through the
 * analysis façade's loader, and renders its problems one per line as
 * `[file:]line:col severity CODE message` (1-based line and column, sorted).
 */
import * as fs from 'fs';
import * as path from 'path';
import { loadRules, type LoadOutcome } from '../../server/src/compile/load';
import { isErrorCode } from '../../server/src/rules/loadCodes';

/** One case: its name and its files in load order. */
export interface GoldenCase {
  name: string;
  files: string[];
}

/** The cases of a folder (the source folder, not the compiled one). */
export function goldenCases(folder: string): GoldenCase[] {
  const groups = new Map<string, { order: number; file: string }[]>();
  for (const entry of fs.readdirSync(folder).sort()) {
    const match = /^(.*?)(?:\.([0-9]+))?\.yaml$/.exec(entry);
    if (match === null) {
      continue;
    }
    const group = groups.get(match[1]) ?? [];
    group.push({ order: match[2] === undefined ? 0 : Number(match[2]), file: path.join(folder, entry) });
    groups.set(match[1], group);
  }
  return [...groups.entries()].map(([name, group]) => ({ name, files: group.sort((a, b) => a.order - b.order).map((entry) => entry.file) }));
}

/** Loads a case's files together (editor semantics: every problem once). */
export function loadCase(goldenCase: GoldenCase): LoadOutcome {
  const files = goldenCase.files.map((file) => ({ name: path.basename(file), text: fs.readFileSync(file, 'utf8') }));
  return loadRules(files, { compileEachFile: false });
}

/** The sorted diagnostic lines of a load. */
export function renderDiagnostics(outcome: LoadOutcome): string {
  const multi = outcome.files.length > 1;
  const lines = outcome.problems.map((problem) => {
    const prefix = multi ? `${outcome.files[problem.file]?.name ?? '?'}:` : '';
    const severity = isErrorCode(problem.code) ? 'error' : 'warning';
    return `${prefix}${problem.position.line + 1}:${problem.position.column + 1} ${severity} ${problem.code} ${problem.message}`;
  });
  return lines.sort(compareLines).join('\n') + (lines.length > 0 ? '\n' : '');
}

function compareLines(a: string, b: string): number {
  const key = (line: string): (string | number)[] => {
    const match = /^(?:(.*?\.yaml):)?(\d+):(\d+) (.*)$/.exec(line);
    return match === null ? [line] : [match[1] ?? '', Number(match[2]), Number(match[3]), match[4]];
  };
  const left = key(a);
  const right = key(b);
  for (let idx = 0; idx < Math.max(left.length, right.length); idx++) {
    if (left[idx] !== right[idx]) {
      return (left[idx] ?? '') < (right[idx] ?? '') ? -1 : 1;
    }
  }
  return 0;
}

/** The repository's source folder for a path relative to `test/golden` (tests run from out/). */
export function sourceFolder(relative: string): string {
  let dir = __dirname;
  while (!fs.existsSync(path.join(dir, 'package.json'))) {
    dir = path.dirname(dir);
  }
  return path.join(dir, 'test', 'golden', relative);
}
