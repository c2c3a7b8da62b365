/**
 * Output checks (§8): LOAD_ERR_COMPILE_OUTPUT for a format that cannot be built (unknown
 * field, trailing `%`, bad argument or transformer), LOAD_DEPRECATED_ITEM for
 * `%container.info` (removed from the output since 0.41) and for deprecated fields
 * mentioned anywhere in the text. Works on the trimmed output text.
 */
import { parseOutput, type OutputParseResult } from '../output';
import { checkOperand } from './fieldOperand';
import { deprecatedFieldMessage, deprecatedOutputField } from './deprecatedFields';
import { type CheckEnv, type Finding } from './finding';

const CONTAINER_INFO = '%container.info';

/** The parsed output (with `%container.info` removed) and every finding. */
export interface OutputCheckResult {
  /** The text that was parsed: the output without `%container.info`. */
  text: string;
  /**
   * For each character of `text` (and its end), its index in the original output; undefined
   * when `text` is the output itself (the usual case: no map is built).
   */
  indexMap: Int32Array | undefined;
  /**
   * The parsed text, parsed again on first use and then kept: validation needs only the
   * findings, and the tokens of every output of a load are a lot of small objects to keep.
   */
  readonly parsed: OutputParseResult;
  findings: Finding[];
}

/** A checked output whose parse is kept only once asked for. */
class CheckedOutput implements OutputCheckResult {
  private m_parsed: OutputParseResult | undefined;

  constructor(
    readonly text: string,
    readonly indexMap: Int32Array | undefined,
    readonly findings: Finding[],
    private readonly m_env: CheckEnv,
  ) {}

  get parsed(): OutputParseResult {
    this.m_parsed ??= parseOutput(this.text, knownField(this.m_env));
    return this.m_parsed;
  }
}

function knownField(env: CheckEnv): (name: string) => boolean {
  return (name) => env.catalog.lookup(name, env.source) !== undefined;
}

/** A character that continues a field name (a module constant: a literal is a new object per use). */
const NAME_CHAR = /[a-zA-Z0-9_.]/;

/** Checks and parses a rule's (trimmed) output. */
export function checkOutput(output: string, env: CheckEnv): OutputCheckResult {
  const findings: Finding[] = [];
  // Step 1: %container.info is removed, with a deprecation warning.
  let text = '';
  const indices: number[] = [];
  if (!output.includes(CONTAINER_INFO)) {
    // The usual case: the text is the output itself.
    text = output;
  }
  for (let idx = text.length; idx < output.length; ) {
    if (output.startsWith(CONTAINER_INFO, idx) && !NAME_CHAR.test(output[idx + CONTAINER_INFO.length] ?? '')) {
      findings.push({
        code: 'LOAD_DEPRECATED_ITEM',
        message: 'The %container.info field is deprecated and has been removed from the output.',
        range: { start: idx, end: idx + CONTAINER_INFO.length },
      });
      idx += CONTAINER_INFO.length;
      continue;
    }
    text += output[idx];
    indices.push(idx);
    idx++;
  }
  let indexMap: Int32Array | undefined;
  if (text !== output) {
    indexMap = new Int32Array(text.length + 1);
    indexMap.set(indices);
    indexMap[text.length] = output.length;
  }
  // Step 2: deprecated fields anywhere in the text (a substring test, as Falco).
  const deprecated = deprecatedOutputField(output);
  if (deprecated !== undefined) {
    findings.push({
      code: 'LOAD_DEPRECATED_ITEM',
      message: deprecatedFieldMessage(deprecated.name),
      range: { start: deprecated.offset, end: deprecated.offset + deprecated.name.length },
    });
  }
  // Step 3: parse; then check every field token's argument and transformer.
  // Only the field tokens: the full parse is made again if `parsed` is asked for.
  const parsed = parseOutput(text, knownField(env), { fieldsOnly: true });
  const error = parsed.errors[0];
  if (error !== undefined) {
    findings.push({ code: 'LOAD_ERR_COMPILE_OUTPUT', message: error.message, range: originalRange(indexMap, text, error.range) });
    return new CheckedOutput(text, indexMap, findings, env);
  }
  for (const token of parsed.tokens) {
    if (token.kind !== 'field') {
      continue;
    }
    const checked = checkOperand(token.expr, env);
    if ('finding' in checked) {
      findings.push({ code: 'LOAD_ERR_COMPILE_OUTPUT', message: checked.finding.message, range: originalRange(indexMap, text, checked.finding.range) });
      break;
    }
  }
  return new CheckedOutput(text, indexMap, findings, env);
}

/** `range` (in the parsed text) in the original output, through `indexMap` when there is one. */
function originalRange(indexMap: Int32Array | undefined, text: string, range: { start: number; end: number }): { start: number; end: number } {
  if (indexMap === undefined) {
    // The identity map, clamped to the text's end as a map lookup would be.
    return { start: Math.min(range.start, text.length), end: Math.min(range.end, text.length) };
  }
  return { start: indexMap[Math.min(range.start, indexMap.length - 1)], end: indexMap[Math.min(range.end, indexMap.length - 1)] };
}
