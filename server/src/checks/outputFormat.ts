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
  parsed: OutputParseResult;
  findings: Finding[];
}

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
    if (output.startsWith(CONTAINER_INFO, idx) && !/[a-zA-Z0-9_.]/.test(output[idx + CONTAINER_INFO.length] ?? '')) {
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
  const parsed = parseOutput(text, (name) => env.catalog.lookup(name, env.source) !== undefined);
  const error = parsed.errors[0];
  if (error !== undefined) {
    findings.push({ code: 'LOAD_ERR_COMPILE_OUTPUT', message: error.message, range: originalRange(indexMap, text, error.range) });
    return { text, indexMap, parsed, findings };
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
  return { text, indexMap, parsed, findings };
}

/** `range` (in the parsed text) in the original output, through `indexMap` when there is one. */
function originalRange(indexMap: Int32Array | undefined, text: string, range: { start: number; end: number }): { start: number; end: number } {
  if (indexMap === undefined) {
    // The identity map, clamped to the text's end as a map lookup would be.
    return { start: Math.min(range.start, text.length), end: Math.min(range.end, text.length) };
  }
  return { start: indexMap[Math.min(range.start, indexMap.length - 1)], end: indexMap[Math.min(range.end, indexMap.length - 1)] };
}
