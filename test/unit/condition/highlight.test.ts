/**
 * Token classification for highlighting: each word gets the kind Falco's parser gives it in
 * its context.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { classifyConditionTokens } from '../../../server/src/condition';

/** Renders `text` as `piece:kind` pairs. */
function classify(text: string): string {
  return classifyConditionTokens(text)
    .map((token) => `${text.slice(token.range.start, token.range.end)}:${token.kind}`)
    .join(' ');
}

test('words are classified by context', () => {
  const cases: [string, string][] = [
    ['not my_macro', 'not:keyword my_macro:macro'],
    ['proc.name = cat', 'proc.name:field =:operator cat:string'],
    ['proc.name in cat', 'proc.name:field in:operator cat:listName'],
    ['proc.name in (cat, "dog")', 'proc.name:field in:operator (:punctuation cat:string ,:punctuation "dog":string ):punctuation'],
    ['proc.aname[2] exists', 'proc.aname:field [:punctuation 2:fieldArg ]:punctuation exists:operator'],
    ['fd.name["a b"] = x', 'fd.name:field [:punctuation "a b":fieldArg ]:punctuation =:operator x:string'],
    ['fd.name startswith anyof dirs', 'fd.name:field startswith:operator anyof:modifier dirs:listName'],
    ['tolower(proc.name) > 5', 'tolower:transformer (:punctuation proc.name:field ):punctuation >:operator 5:number'],
    ['proc.name = val(proc.pname)', 'proc.name:field =:operator val:transformer (:punctuation proc.pname:field ):punctuation'],
    ['a.b=1 and ?', 'a.b:field =:operator 1:string and:keyword ?:unknown'],
    ['', ''],
  ];
  for (const [text, expected] of cases) assert.equal(classify(text), expected, text);
});
