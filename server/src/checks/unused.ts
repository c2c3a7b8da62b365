/**
 * LOAD_UNUSED_MACRO and LOAD_UNUSED_LIST (warnings): a macro never substituted anywhere, a
 * list never substituted into a condition nor spliced into another list. Computed over the
 * whole collection at every load, so they may point into earlier files.
 */
import { type CollectedList, type CollectedMacro } from '../rules/collector';
import { rawProblem, type RawProblem } from '../rules/problems';

/** Warnings for unused macros, in index order, at each macro's first definition. */
export function unusedMacroProblems(macros: readonly CollectedMacro[], used: { has(name: string): boolean }): RawProblem[] {
  return macros
    .filter((macro) => !used.has(macro.name))
    .map((macro) => rawProblem('LOAD_UNUSED_MACRO', 'Macro not referred to by any other rule/macro', 'macro', macro.name, macro.nameSpans[0]));
}

/** Warnings for unused lists, in index order, at each list's first definition. */
export function unusedListProblems(lists: readonly CollectedList[], used: { has(name: string): boolean }): RawProblem[] {
  return lists
    .filter((list) => !used.has(list.name))
    .map((list) => rawProblem('LOAD_UNUSED_LIST', 'List not referred to by any other rule/macro', 'list', list.name, list.nameSpans[0]));
}
