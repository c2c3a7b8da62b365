/**
 * Finds the field references of an output format (`%proc.name`, `%proc.aname[2]`, and the
 * fields inside `%tolower(proc.name)`), with offsets into the decoded output text, using
 * the core's output parser. It only lists fields; the loader checks them.
 */
import { type Operand } from '../condition';
import { loadFieldCatalog } from '../fields';
import { parseOutput } from '../output';

/** One field of an output: `start`/`end` cover the name and its argument, not the `%`. */
export interface OutputField {
  name: string;
  arg?: string;
  start: number;
  end: number;
}

/** Every field reference of an output format text, in order. */
export function outputFields(text: string): OutputField[] {
  const catalog = loadFieldCatalog();
  const parsed = parseOutput(text, (name) => catalog.lookup(name) !== undefined);
  const out: OutputField[] = [];
  const visit = (operand: Operand): void => {
    if (operand.kind === 'field') {
      out.push({ name: operand.name, arg: operand.arg, start: operand.range.start, end: operand.range.end });
    } else {
      for (const arg of operand.args) {
        if (arg.kind === 'field' || arg.kind === 'transformer') {
          visit(arg);
        }
      }
    }
  };
  for (const token of parsed.tokens) {
    if (token.kind === 'field') {
      visit(token.expr);
    }
  }
  return out;
}
