/**
 * The schema check's API: `checkRulesSchema(text)` tells whether a rules file's YAML
 * documents satisfy the JSON schema Falco (>= 0.39) checks them against, and lists one
 * warning per failing node with a JSON-pointer-like path and a position. Like Falco's, the
 * outcome is advisory: it is never a load error and never changes `successful`.
 *
 * It runs only when asked (the CLI's `validate`, the editor's diagnostics), parsing the text
 * on its own; it is deliberately not part of `loadRules` and its cold-load path.
 *
 * Not confirmed against a Falco binary (none here): the exact warning texts (Falco pushes
 * `failed for <context>: <description>` with valijson's description for every valijson error,
 * parents included; ours are our own words, one per failing node); how Falco's JSON turns its
 * per-document list (`ok` or the failures) into `schema_valid`/`schema_warnings` (we give
 * `true`/`[]` when no document fails); and what it says when the YAML does not parse (it
 * never reaches the schema; we report `schema_valid: false` with a warning saying so).
 */
import { checkDocuments, type SchemaFinding } from './check';
import { loadRuleSchema } from './ruleSchema';
import { readSchemaTree } from './yamlTree';

/** One schema warning, located in the file (0-based line and column). */
export interface SchemaWarning {
  /** The whole warning as printed: `<path>: <problem>`. */
  message: string;
  /** JSON-pointer-like path of the node (`/3/priority`), prefixed `document N ` after the first document. */
  path: string;
  problem: string;
  offset: number;
  end: number;
  line: number;
  column: number;
}

/** The outcome for one file: `valid` is Falco's `schema_valid`; `warnings` its `schema_warnings`. */
export interface SchemaResult {
  valid: boolean;
  warnings: SchemaWarning[];
}

/** Checks every YAML document of `text` against the rules schema. Never throws on bad input. */
export function checkRulesSchema(text: string): SchemaResult {
  const lines = new LineIndex(text);
  const tree = readSchemaTree(text);
  if (!tree.ok) {
    return { valid: false, warnings: [toWarning(notChecked(tree.reason, tree.offset), lines)] };
  }
  const findings = checkDocuments(tree.documents, loadRuleSchema());
  return { valid: findings.length === 0, warnings: findings.map((finding) => toWarning(finding, lines)) };
}

/** A file that could not be read at all (the CLI's unreadable files). */
export function unreadableSchemaResult(reason: string): SchemaResult {
  const finding = notChecked(`the file could not be read (${reason})`, 0);
  return { valid: false, warnings: [toWarning(finding, new LineIndex(''))] };
}

/** `/0/tags/2`, with `~` and `/` escaped as in JSON pointers; the root is `/`. */
export function formatSchemaPath(document: number, path: readonly (string | number)[]): string {
  const pointer = path.length === 0 ? '/' : path.map((part) => `/${String(part).replace(/~/g, '~0').replace(/\//g, '~1')}`).join('');
  return document === 0 ? pointer : `document ${document + 1} ${pointer}`;
}

function notChecked(reason: string, offset: number): SchemaFinding {
  return { document: 0, path: [], problem: `the schema was not checked: ${reason}`, start: offset, end: offset };
}

function toWarning(finding: SchemaFinding, lines: LineIndex): SchemaWarning {
  const path = formatSchemaPath(finding.document, finding.path);
  const { line, column } = lines.position(finding.start);
  return { message: `${path}: ${finding.problem}`, path, problem: finding.problem, offset: finding.start, end: finding.end, line, column };
}

/** Offsets to 0-based line and column (UTF-16 units, like the rest of the server). */
class LineIndex {
  private readonly starts: number[] = [0];

  constructor(text: string) {
    for (let idx = text.indexOf('\n'); idx >= 0; idx = text.indexOf('\n', idx + 1)) {
      this.starts.push(idx + 1);
    }
  }

  position(offset: number): { line: number; column: number } {
    let low = 0;
    let high = this.starts.length - 1;
    while (low < high) {
      const mid = (low + high + 1) >> 1;
      if (this.starts[mid] <= offset) {
        low = mid;
      } else {
        high = mid - 1;
      }
    }
    return { line: low, column: offset - this.starts[low] };
  }
}
