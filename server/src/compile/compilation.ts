/**
 * A compilation's result as `compileCollection` and `recompileRules` return it, with what it
 * was made of (for `recompileRules`). What validation never reads is built on first use:
 * the references, and the sets of used names (the unused-item checks ask the macro stage's
 * and the rules' sets directly). It compiles nothing itself.
 */
import { type ListTable } from '../expand/lists';
import { type RawProblem } from '../rules/problems';
import { type Env } from './compileCache';
import { type CompiledMacro, type CompileResult, type RuleCompileResult } from './compiler';
import { pushReferences, type Contribution, type Reference } from './contribution';

/** What a compilation was made of, for `recompileRules`. */
export interface CompileState {
  env: Env;
  full: boolean;
  /** Rule names in index order, and each one's position (built on first use). */
  names: readonly string[];
  positions: Map<string, number> | undefined;
  contributions: readonly Contribution[];
  /** The macro and list names the rules use. */
  ruleMacros: ReadonlySet<string>;
  ruleLists: ReadonlySet<string>;
}

/** A compilation's result, with what it was made of. */
export class Compilation implements CompileResult {
  private m_references: Reference[] | undefined;
  private m_usedMacros: ReadonlySet<string> | undefined;
  private m_usedLists: ReadonlySet<string> | undefined;

  constructor(
    readonly problems: RawProblem[],
    readonly lists: ListTable,
    readonly macros: Map<string, CompiledMacro>,
    readonly rules: RuleCompileResult[],
    readonly state: CompileState,
  ) {}

  get usedMacros(): ReadonlySet<string> {
    this.m_usedMacros ??= new Set([...this.state.env.usedMacros, ...this.state.ruleMacros]);
    return this.m_usedMacros;
  }

  get usedLists(): ReadonlySet<string> {
    this.m_usedLists ??= new Set([...this.state.env.usedLists, ...this.state.ruleLists]);
    return this.m_usedLists;
  }

  get references(): Reference[] {
    this.m_references ??= this.state.full ? referencesOf(this.state.env, this.state.contributions) : [];
    return this.m_references;
  }
}

/** Every reference of a compilation: the macro stage's, then each rule's, in order. */
function referencesOf(env: Env, contributions: readonly Contribution[]): Reference[] {
  const references: Reference[] = [];
  for (const part of env.parts) pushReferences(part, references);
  for (const contribution of contributions) pushReferences(contribution, references);
  return references;
}
