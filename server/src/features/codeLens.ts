/**
 * Where the rules file CodeLenses go: "Replay capture…" once per file, on its first line,
 * and "Profile this rule" on the first line of every rule item. Rules come from the loader's
 * parsed items (the symbol index), so flow-style items (`- {rule: x, ...}`), any indentation
 * and files of several YAML documents get their lens on the right line. It returns offsets
 * only; which command a lens runs is the LSP layer's business.
 */
import { type SymbolIndex } from './symbolIndex';

export interface RulesLens {
  kind: 'replay' | 'profile';
  /** Offset in the file where the lens's line starts to be counted. */
  offset: number;
  /** The rule a profile lens sits above. */
  rule?: string;
}

/** The lenses of file `file` (its index in load order), in file order. */
export function rulesLenses(index: SymbolIndex, file: number): RulesLens[] {
  const lenses: RulesLens[] = [{ kind: 'replay', offset: 0 }];
  for (const { item } of index.items) {
    if (item.kind === 'rule' && item.span.file === file) {
      lenses.push({ kind: 'profile', offset: item.span.start, rule: item.name });
    }
  }
  return lenses;
}
