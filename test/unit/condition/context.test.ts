/**
 * The completion context at a cursor: what the grammar accepts there, the word being typed,
 * and the field an operator would apply to; `|` marks the cursor in each case.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { conditionContextAt } from '../../../server/src/condition';

/** Renders the context at the `|` of `marked` as `expecting[ partial="..."][ field=...]`. */
function contextAt(marked: string): string {
  const offset = marked.indexOf('|');
  const text = marked.slice(0, offset) + marked.slice(offset + 1);
  const context = conditionContextAt(text, offset);
  let res = context.expecting;
  if (context.partial !== undefined) res += ` partial=${JSON.stringify(text.slice(context.partial.start, context.partial.end))}`;
  if (context.field !== undefined) res += ` field=${context.field}`;
  return res;
}

test('context at the cursor', () => {
  const cases: [string, string][] = [
    ['|', 'check'],
    ['proc.na|', 'check partial="proc.na"'],
    ['proc.name |', 'operator field=proc.name'],
    ['proc.name con|', 'operator partial="con" field=proc.name'],
    ['proc.name contains |', 'string'],
    ['proc.name=ca|t', 'string partial="ca"'],
    ['proc.name in |', 'list'],
    ['proc.name in (a, |', 'listItem'],
    ['proc.name = x |', 'connective'],
    ['proc.name = x an|', 'connective partial="an"'],
    ['tolower(proc.name) |', 'operator field=proc.name'],
    ['proc.aname[|', 'fieldArg'],
    ['fd.name startswith anyof (|', 'listItem'],
    ['fd.name startswith anyof |', 'list'],
    ['fd.name = oneof|', 'string partial="oneof"'],
    ['not |', 'check'],
    ['proc.pid > |', 'number'],
    ['tolower(|', 'transformerArg'],
    ['(proc.name = x) and |', 'check'],
    ['a.b = 1 and my_mac| and c.d = 2', 'check partial="my_mac"'],
  ];
  for (const [marked, expected] of cases) assert.equal(contextAt(marked), expected, marked);
});
