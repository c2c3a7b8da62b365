/**
 * Rename a macro, list or rule across every loaded file: its definitions, appends,
 * overrides and uses. The new name must be valid for the kind (Falco's macro and list name
 * rules; a rule name is free text but not empty), and must not already name another item of
 * the same kind. Returns text edits as offsets; applying them is the editor's job.
 */
import { MACRO_NAME_REGEX, LIST_NAME_REGEX } from '../rules/readListMacro';
import { locate, occurrencesOf } from './locate';
import { type FileSpan, type SymbolIndex } from './symbolIndex';

/** What can be renamed at the cursor: the name's span and text, or why not. */
export type PrepareRenameResult = { span: FileSpan; name: string } | { error: string };

export interface RenameEdit extends FileSpan {
  newText: string;
}

export function prepareRename(index: SymbolIndex, file: number, offset: number): PrepareRenameResult {
  const located = locate(index, file, offset);
  if (located?.kind !== 'symbol') {
    return { error: 'Only rules, macros and lists can be renamed.' };
  }
  const { start, end, name } = located.occurrence;
  return { span: { file: located.occurrence.file, start, end }, name };
}

/** The edits renaming the name under the cursor to `newName`, or why it cannot be done. */
export function rename(index: SymbolIndex, file: number, offset: number, newName: string): RenameEdit[] | { error: string } {
  const located = locate(index, file, offset);
  if (located?.kind !== 'symbol') {
    return { error: 'Only rules, macros and lists can be renamed.' };
  }
  const { kind, name } = located.occurrence;
  const occurrences = occurrencesOf(index, kind, name);
  const quoted = occurrences.every((occurrence) => /["']/.test(index.fileTexts[occurrence.file]?.[occurrence.start - 1] ?? ''));
  const problem = checkNewName(index, kind, newName, quoted);
  if (problem !== undefined) {
    return { error: problem };
  }
  if (newName === name) {
    return [];
  }
  return occurrences.map(({ file: editFile, start, end }) => ({ file: editFile, start, end, newText: newName }));
}

function checkNewName(index: SymbolIndex, kind: 'rule' | 'macro' | 'list', newName: string, quoted: boolean): string | undefined {
  if (kind === 'macro' && !MACRO_NAME_REGEX.test(newName)) {
    return `'${newName}' is not a valid macro name: a letter, then letters, digits or '_'.`;
  }
  if (kind === 'list' && !LIST_NAME_REGEX.test(newName)) {
    return `'${newName}' is not a valid list name: no spaces, quotes, parentheses, '=' or ','.`;
  }
  if (kind === 'rule' && newName.trim() === '') {
    return 'A rule name cannot be empty.';
  }
  if (kind === 'rule' && /[\n\r]/.test(newName)) {
    return 'A rule name cannot span lines.';
  }
  if (quoted && /["'\\]/.test(newName)) {
    return 'The name is quoted in the file: the new name cannot contain quotes or backslashes.';
  }
  if (kind === 'rule' && !quoted && /(?:^[\s\-?:,[\]{}#&*!|>'"%@`])|(?::\s)|(?:\s#)|(?:\s$)|(?::$)/.test(newName)) {
    return `'${newName}' would change meaning as a plain YAML value; quote the rule's name in the file first.`;
  }
  if (index.byName(kind, newName).length > 0) {
    return `A ${kind} named '${newName}' already exists.`;
  }
  return undefined;
}
