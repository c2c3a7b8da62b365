/**
 * `falco-studio validate [--json] FILE...`: loads rules files in the order given, like
 * `falco -V a -V b` (one collector, one result per file, compilation over all files so
 * far), and prints Falco's load results as JSON or as compiler-style lines. Exit code 1
 * when any file has an error or cannot be read, 2 on a usage error. It only formats; the
 * loading is `analysis.ts`'s.
 */
import * as fs from 'fs';
import { loadRulesFiles, type LoadResultsJson, toLoadResultsJson } from '../analysis';
import { CODE_TITLES, type Problem } from '../rules/loadCodes';

/** Runs the subcommand; returns the exit code. */
export async function runValidate(args: string[]): Promise<number> {
  const json = args.includes('--json');
  const unknownOption = args.find((arg) => arg.startsWith('--') && arg !== '--json');
  const paths = args.filter((arg) => arg !== '--json');
  if (unknownOption !== undefined || paths.length === 0) {
    process.stderr.write(`falco-studio validate: ${unknownOption !== undefined ? `unknown option '${unknownOption}'` : 'no rules file given'}\nusage: falco-studio validate [--json] FILE...\n`);
    return 2;
  }
  // Step 1: read every file; an unreadable file is a clear error, like Falco's fatal one.
  const unreadable: string[] = [];
  for (const path of paths) {
    try {
      if (!fs.statSync(path).isFile()) {
        unreadable.push(`${path}: not a regular file`);
      }
    } catch (err) {
      unreadable.push(`${path}: ${err instanceof Error ? err.message : String(err)}`);
    }
  }
  if (unreadable.length > 0) {
    for (const line of unreadable) {
      process.stderr.write(`falco-studio validate: cannot read rules file ${line}\n`);
    }
    if (json) {
      process.stdout.write(`${JSON.stringify({ results: paths.map((path) => unreadableResult(path, unreadable)) })}\n`);
    }
    return 1;
  }
  // Step 2: load and print.
  const { results } = loadRulesFiles(paths);
  const output = toLoadResultsJson(results);
  if (json) {
    process.stdout.write(`${JSON.stringify(output)}\n`);
  } else {
    process.stdout.write(formatText(output));
  }
  return output.results.every((result) => result.successful) ? 0 : 1;
}

function unreadableResult(path: string, unreadable: string[]): LoadResultsJson['results'][number] {
  const message = unreadable.find((line) => line.startsWith(`${path}: `));
  return {
    file: path,
    successful: message === undefined,
    errors:
      message === undefined
        ? []
        : [{ code: 'LOAD_ERR_FILE_READ', message: `Could not read file: ${message.slice(path.length + 2)}`, item_type: 'rules content', item_name: path, position: { line: 0, column: 0, offset: 0 }, file: path }],
    warnings: [],
  };
}

/** Compiler-style lines (1-based line:col) and Falco's per-file verdict. */
export function formatText(output: LoadResultsJson): string {
  const lines: string[] = [];
  for (const result of output.results) {
    for (const [severity, problems] of [['error', result.errors], ['warning', result.warnings]] as const) {
      for (const problem of problems) {
        const where = `${problem.file}:${problem.position.line + 1}:${problem.position.column + 1}`;
        // An empty message (LOAD_UNSAFE_NA_CHECK) shows the code's title instead.
        lines.push(`${where}: ${severity} ${problem.code} ${problem.message === '' ? CODE_TITLES[problem.code as Problem['code']] : problem.message}`);
      }
    }
    const verdict = !result.successful ? 'Invalid' : result.warnings.length > 0 ? 'Ok, with warnings' : 'Ok';
    lines.push(`${result.file}: ${verdict}`);
  }
  return `${lines.join('\n')}\n`;
}
