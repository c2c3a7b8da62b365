/**
 * Classifies the tokens of a condition for editor highlighting (semantic tokens): the same
 * context-aware lexing the parser uses, so a word is coloured as what Falco will take it
 * for (`cat` after `=` is a string, after `in` a list name, alone a macro reference).
 * It lexes only; it reports no errors and does not check names against anything.
 */
import { type Range } from './ast';
import { lexCondition } from './lexer';
import * as T from './tokens';

/** What a piece of condition text is. */
export type ConditionTokenKind =
  | 'keyword' // and, or, not
  | 'operator' // exists, =, contains, in ...
  | 'modifier' // oneof, anyof, allof
  | 'field' // proc.name
  | 'fieldArg' // 2 in proc.aname[2], "x y" in fd.name["x y"]
  | 'transformer' // tolower, val ...
  | 'macro' // an identifier in check position
  | 'listName' // an identifier after in/intersects/pmatch or a modifier
  | 'string'
  | 'number'
  | 'punctuation' // ( ) , [ ]
  | 'unknown';

/** One classified token. */
export interface ClassifiedToken {
  kind: ConditionTokenKind;
  range: Range;
}

const KIND_BY_TYPE = new Map<T.ConditionToken['tokenType'], ConditionTokenKind>([
  [T.And, 'keyword'],
  [T.Or, 'keyword'],
  [T.Not, 'keyword'],
  [T.UnaryOp, 'operator'],
  [T.NumOp, 'operator'],
  [T.StrOp, 'operator'],
  [T.ListOp, 'operator'],
  [T.Modifier, 'modifier'],
  [T.FieldName, 'field'],
  [T.FieldArg, 'fieldArg'],
  [T.TransformerName, 'transformer'],
  [T.QuotedString, 'string'],
  [T.BareString, 'string'],
  [T.NumberLiteral, 'number'],
  [T.LParen, 'punctuation'],
  [T.RParen, 'punctuation'],
  [T.Comma, 'punctuation'],
  [T.LBracket, 'punctuation'],
  [T.RBracket, 'punctuation'],
]);

/** The tokens of `text` in order, classified. Never throws. */
export function classifyConditionTokens(text: string): ClassifiedToken[] {
  const { tokens } = lexCondition(text);
  return tokens.map((token, tokenIdx) => {
    const previous = tokens[tokenIdx - 1] as T.ConditionToken | undefined;
    let kind = KIND_BY_TYPE.get(token.tokenType) ?? 'unknown';
    if (token.tokenType === T.Identifier) {
      kind = previous !== undefined && (previous.tokenType === T.ListOp || previous.tokenType === T.Modifier) ? 'listName' : 'macro';
    } else if (token.tokenType === T.QuotedString && previous?.tokenType === T.LBracket) {
      kind = 'fieldArg';
    }
    return { kind, range: { start: token.startOffset, end: token.startOffset + token.image.length } };
  });
}
