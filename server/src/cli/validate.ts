/**
 * `falco-studio validate [--json] FILE...`: loads rules files in the order given, like
 * `falco -V a -V b` (one collector, one result per file, compilation over all files so
 * far), and prints Falco's load results as JSON or as compiler-style lines. Exit code 1
 * when any file has an error or cannot be read, 2 on a usage error. Each result also carries
 * Falco's advisory schema outcome (`schema_valid`, `schema_warnings`; never an error, never
 * part of the exit code), checked per file after the load by `schema/`. It only formats; the
 * loading is `analysis.ts`'s.
 */
import * as fs from 'fs';
import { loadRulesFiles, type LoadResultsJson, toLoadResultsJson } from '../analysis';
import { CODE_TITLES, type Problem } from '../rules/loadCodes';
import { checkRulesSchema, type SchemaResult, unreadableSchemaResult } from '../schema';

/** Runs the subcommand; returns the exit code. */
export async function runValidate(args: string[]): Promise<number> {
  const json = args.includes('--json');
  const unknownOption = args.find((arg) => arg.startsWith('--') && arg !== '--json');
  const paths = args.filter((arg) => arg !== '--json');
  if (unknownOption !== undefined || paths.length === 0) {
    process.stderr.write(`falco-studio validate: ${unknownOption !== undefined ? `unknown option '${unknownOption}'` : 'no rules file given'}\nusage: falco-studio validate [--json] FILE...\n`);
    return 2;
  }
  // Step 1: load every file in order; an unreadable one is reported (LOAD_ERR_FILE_READ,
  // like Falco's fatal read error) and loaded as empty, so the others are still validated.
  const { results } = loadRulesFiles(paths);
  for (const result of results) {
    const readError = result.errors.find((error) => error.code === 'LOAD_ERR_FILE_READ');
    if (readError !== undefined) {
      process.stderr.write(`falco-studio validate: cannot read rules file ${result.file}: ${readError.message}\n`);
    }
  }
  // Step 2: the schema check (Falco >= 0.39), per file and outside the load, which it never changes.
  const schemas = paths.map(schemaOf);
  // Step 3: print.
  const output = toLoadResultsJson(results);
  if (json) {
    const withSchema = output.results.map((result, resultIdx) => ({
      ...result,
      schema_valid: schemas[resultIdx].valid,
      schema_warnings: schemas[resultIdx].warnings.map((warning) => warning.message),
    }));
    process.stdout.write(`${JSON.stringify({ results: withSchema })}\n`);
  } else {
    process.stdout.write(formatText(output, schemas));
  }
  return output.results.every((result) => result.successful) ? 0 : 1;
}

/** The schema outcome of one rules file, read again here so the load path stays as it is. */
function schemaOf(path: string): SchemaResult {
  let text: string;
  try {
    text = fs.readFileSync(path, 'utf8');
  } catch (err) {
    return unreadableSchemaResult(err instanceof Error ? err.message : String(err));
  }
  return checkRulesSchema(text);
}

/**
 * Compiler-style lines (1-based line:col) and Falco's per-file verdict. Schema warnings, when
 * given, come as `file:line:col: info schema <path>: <problem>` lines just before the verdict,
 * which they never change (like Falco, whose verdict counts load problems only).
 */
export function formatText(output: LoadResultsJson, schemas?: readonly SchemaResult[]): string {
  const lines: string[] = [];
  output.results.forEach((result, resultIdx) => {
    for (const [severity, problems] of [['error', result.errors], ['warning', result.warnings]] as const) {
      for (const problem of problems) {
        const where = `${problem.file}:${problem.position.line + 1}:${problem.position.column + 1}`;
        // An empty message (LOAD_UNSAFE_NA_CHECK) shows the code's title instead.
        lines.push(`${where}: ${severity} ${problem.code} ${problem.message === '' ? CODE_TITLES[problem.code as Problem['code']] : problem.message}`);
      }
    }
    for (const warning of schemas?.[resultIdx]?.warnings ?? []) {
      lines.push(`${result.file}:${warning.line + 1}:${warning.column + 1}: info schema ${warning.message}`);
    }
    const verdict = !result.successful ? 'Invalid' : result.warnings.length > 0 ? 'Ok, with warnings' : 'Ok';
    lines.push(`${result.file}: ${verdict}`);
  });
  return `${lines.join('\n')}\n`;
}
