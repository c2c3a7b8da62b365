/**
 * Rule exceptions (§4 of the semantics): validation of `fields`/`comps` at definition
 * (Falco's `validate_exception_info`) and the textual merge of exceptions into the rule's
 * condition before parsing (Falco's `build_rule_exception_infos`), keeping every generated
 * character's source position. It does not parse the merged condition.
 */
import { loadFieldCatalog } from '../fields';
import { ALL_OPERATORS, TRANSFORMERS, checkFieldArgument } from '../fields/operators';
import { type ExceptionEntry, type ExceptionInfo, type Scalar } from '../rules/items';
import { fail } from '../rules/problems';
import { scalarText } from '../rules/scalarText';
import { SourcedText } from '../rules/sourcedText';

const STRING_OPS_WITH_MODIFIERS = new Set(['=', '==', '!=', 'contains', 'icontains', 'bcontains', 'startswith', 'bstartswith', 'endswith', 'glob', 'iglob', 'regex']);
const MODIFIERS = new Set(['oneof', 'anyof', 'allof']);

/** True for an operator Falco accepts in `comps` (with a 0.44 modifier where allowed). */
export function isSupportedOperator(comp: string): boolean {
  const words = comp.trim().split(/\s+/);
  if (words.length === 1) {
    return ALL_OPERATORS.includes(words[0]);
  }
  return words.length === 2 && STRING_OPS_WITH_MODIFIERS.has(words[0]) && MODIFIERS.has(words[1]);
}

/** True for operators whose right-hand side is a list (`in`, `intersects`, `pmatch`, modifiers). */
export function isListOperator(comp: string): boolean {
  const trimmed = comp.trim();
  return trimmed === 'in' || trimmed === 'intersects' || trimmed === 'pmatch' || isSupportedOperator(trimmed) && trimmed.includes(' ');
}

/**
 * Validates exceptions as Falco does when a rule (or an appended exception) is collected.
 * `source` is undefined when the rule's source is unknown: field checks are then skipped.
 * Throws a `LoadError` (LOAD_ERR_VALIDATE, item `exception`) at the first problem.
 */
export function validateExceptions(exceptions: readonly ExceptionInfo[], source: string | undefined, _ruleName: string): void {
  for (const exception of exceptions) {
    const fields = exception.fields;
    if (fields === undefined) {
      continue;
    }
    const comps = exception.comps;
    const bad = (message: string, at: ExceptionEntry | undefined): never =>
      fail('LOAD_ERR_VALIDATE', message, 'exception', exception.name, at?.span ?? exception.span);
    if (source === undefined) {
      // Field and comp checks are skipped when the rule's source is unknown.
      continue;
    }
    if (fields.isList) {
      if (comps !== undefined) {
        if (!comps.isList || comps.items.length !== fields.items.length) {
          bad('Fields and comps lists must have equal length', comps);
        }
        for (const comp of comps.items) {
          const text = entryText(comp).trim();
          if (!isSupportedOperator(text)) {
            bad(`'${text}' is not a supported comparison operator`, comp);
          }
        }
      }
      for (const field of fields.items) {
        const text = entryText(field).trim();
        if (!isValidLhsField(text, source)) {
          bad(`'${text}' is not a supported filter field`, field);
        }
      }
      continue;
    }
    if (comps !== undefined) {
      if (comps.isList) {
        bad('Fields and comps must both be strings', comps);
      }
      const text = entryText(comps).trim();
      const modifierOp = text.includes(' ') && isSupportedOperator(text);
      if (text !== 'in' && text !== 'pmatch' && text !== 'intersects' && !modifierOp) {
        bad('When fields is a single value, comps must be one of (in, pmatch, intersects)', comps);
      }
    }
    const text = entryText(fields).trim();
    if (!isValidLhsField(text, source)) {
      bad(`'${text}' is not a supported filter field`, fields);
    }
  }
}

/** True when `text` is a field (with a valid argument) or a transformer over fields of `source`. */
export function isValidLhsField(text: string, source: string): boolean {
  const transformer = /^([a-z0-9_]+)\((.*)\)$/s.exec(text);
  if (transformer !== null) {
    const known = TRANSFORMERS.find((candidate) => candidate.name === transformer[1]);
    if (known === undefined) {
      return false;
    }
    const args = known.multiArg ? splitArgs(transformer[2]) : [transformer[2].trim()];
    return args.length > 0 && args.some((arg) => isValidLhsField(arg, source));
  }
  const field = /^([a-zA-Z][a-zA-Z0-9_]*(?:\.[a-zA-Z0-9_]+)+)(?:\[(.*)\])?$/s.exec(text);
  if (field === null) {
    return false;
  }
  const info = loadFieldCatalog().lookup(field[1], source);
  if (info === undefined) {
    return false;
  }
  const arg = field[2] === undefined ? undefined : field[2].replace(/^["'](.*)["']$/s, '$1');
  return checkFieldArgument(info, arg) === undefined;
}

function splitArgs(text: string): string[] {
  const args: string[] = [];
  let depth = 0;
  let current = '';
  for (const ch of text) {
    if (ch === ',' && depth === 0) {
      args.push(current.trim());
      current = '';
      continue;
    }
    depth += ch === '(' ? 1 : ch === ')' ? -1 : 0;
    current += ch;
  }
  if (current.trim() !== '') {
    args.push(current.trim());
  }
  return args;
}

function entryText(entry: ExceptionEntry): string {
  return entry.item?.value ?? '';
}

/**
 * The rule condition with its exceptions merged as text: `(C)` then ` and not E` for each
 * exception that has values. Throws a `LoadError` for values of the wrong shape.
 */
export function mergeExceptions(condition: SourcedText, exceptions: readonly ExceptionInfo[], fileTexts: readonly string[]): SourcedText {
  if (exceptions.length === 0) {
    return condition;
  }
  const at = condition.at(0);
  const parts: SourcedText[] = [SourcedText.synthetic('(', at.file, at.offset), condition, SourcedText.synthetic(')', at.file, at.offset)];
  for (const exception of exceptions) {
    const merged = exceptionCondition(exception, fileTexts);
    if (merged.length > 0) {
      parts.push(SourcedText.synthetic(' and not ', exception.span.file, exception.nameSpan.start), ...merged);
    }
  }
  return SourcedText.concat(parts);
}

function exceptionCondition(exception: ExceptionInfo, fileTexts: readonly string[]): SourcedText[] {
  const fields = exception.fields;
  if (fields === undefined || exception.values.length === 0) {
    return [];
  }
  const file = exception.span.file;
  const gen = (text: string, offset: number): SourcedText => SourcedText.synthetic(text, file, offset);
  const bad = (message: string, at: { span: { start: number; end: number; file: number } } = exception): never =>
    fail('LOAD_ERR_VALIDATE', message, 'exception', exception.name, at.span);
  const out: SourcedText[] = [];
  if (!fields.isList) {
    const fieldScalar = fields.item as Scalar;
    const comp = exception.comps?.item?.value.trim() ?? 'in';
    out.push(gen('(', fields.span.start), scalarText(fieldScalar, fileTexts), gen(` ${comp} (`, fields.span.start));
    exception.values.forEach((value, valueIdx) => {
      if (value.isList) {
        bad('Expected values array to contain a list of strings', value);
      }
      if (valueIdx > 0) {
        out.push(gen(', ', value.span.start));
      }
      out.push(...quoted(value.item as Scalar, fileTexts));
    });
    out.push(gen('))', exception.values[exception.values.length - 1].span.end));
    return out;
  }
  out.push(gen('(', fields.span.start));
  exception.values.forEach((tuple, tupleIdx) => {
    if (!tuple.isList || tuple.items.length !== fields.items.length) {
      bad('Fields and values lists must have equal length', tuple);
    }
    out.push(gen(tupleIdx > 0 ? ' or (' : '(', tuple.span.start));
    fields.items.forEach((field, fieldIdx) => {
      const comp = exception.comps?.items[fieldIdx]?.item?.value.trim() ?? '=';
      const value = tuple.items[fieldIdx];
      out.push(gen(fieldIdx > 0 ? ' and ' : '', field.span.start));
      out.push(scalarText(field.item as Scalar, fileTexts), gen(` ${comp} `, field.span.start));
      if (value.isList) {
        out.push(gen('(', value.span.start));
        value.items.forEach((element, elementIdx) => {
          if (elementIdx > 0) {
            out.push(gen(', ', element.span.start));
          }
          out.push(...quoted(element.item ?? { value: '', style: 'PLAIN', span: element.span }, fileTexts));
        });
        out.push(gen(')', value.span.end));
      } else if (isListOperator(comp)) {
        const text = scalarText(value.item as Scalar, fileTexts);
        out.push(...(text.text.startsWith('(') ? [text] : [gen('(', value.span.start), text, gen(')', value.span.end)]));
      } else {
        out.push(...quoted(value.item as Scalar, fileTexts));
      }
    });
    out.push(gen(')', tuple.span.end));
  });
  out.push(gen(')', fields.span.end));
  return out;
}

/** Falco's `quote_item`: double quotes around a value with a space, unless already quoted. */
export function quoted(scalar: Scalar, fileTexts: readonly string[]): SourcedText[] {
  const text = scalarText(scalar, fileTexts);
  if (needsQuotes(scalar.value)) {
    return [SourcedText.synthetic('"', scalar.span.file, scalar.span.start), text, SourcedText.synthetic('"', scalar.span.file, scalar.span.end)];
  }
  return [text];
}

/** True when Falco wraps a list item or exception value in double quotes. */
export function needsQuotes(value: string): boolean {
  return value.includes(' ') && !value.startsWith('"') && !value.startsWith("'");
}
