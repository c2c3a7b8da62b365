/**
 * The collector: applies the items of every file, in load order, to one set of lists,
 * macros and rules (Falco's `rule_loader::collector`): definitions and redefinitions with
 * Falco's index/visibility numbering, legacy append, override append/replace, enabled-only
 * entries, engine and plugin version requirements. It stores values as source scalars and
 * never parses conditions; the compiler does.
 */
import { validateExceptions } from '../expand/exceptions';
import { type ExceptionInfo, type Item, type ListItem, type MacroItem, type RuleItem, type Scalar, type Span } from './items';
import { LoadError, fail, rawProblem, type RawProblem } from './problems';
import { ENGINE_VERSION, parseSemver, type ReadEvent } from './reader';

/** A list after collection. */
export interface CollectedList {
  name: string;
  index: number;
  visibility: number;
  /** Never changed in place: it may be the read item's own array (an append makes a new one). */
  items: Scalar[];
  /** Where each definition or append names the list, latest last. */
  nameSpans: Span[];
}

/** A macro after collection: its condition is the defining text plus appended parts. */
export interface CollectedMacro {
  name: string;
  index: number;
  visibility: number;
  condition: Scalar[];
  nameSpans: Span[];
}

/** A rule after collection. */
export interface CollectedRule {
  name: string;
  index: number;
  visibility: number;
  condition: Scalar[];
  output: Scalar[];
  desc: Scalar[];
  priorityLevel: number;
  source: string;
  enabled: boolean;
  tags: Set<string>;
  exceptions: ExceptionInfo[];
  warnEvttypes: boolean;
  skipIfUnknownFilter: boolean;
  capture: boolean;
  captureDuration: number;
  /** True when the source is not loaded: the rule is kept but never compiled. */
  unknownSource: boolean;
  nameSpans: Span[];
  /** The span of the defining item (for the rule's position). */
  span: Span;
}

/** Tells which event sources are loaded and checks exception fields against them. */
export interface SourceInfo {
  isKnownSource(source: string): boolean;
}

// Modern (0.37+) wording. Legacy 0.35 said "List has 'append' key but no list by that name
// already exists" (likewise Macro/Rule); the codes are the same.
const ERROR_NO_PREVIOUS_LIST = "List uses 'append' or 'override.items: append' but no list by that name already exists";
const ERROR_NO_PREVIOUS_MACRO = "Macro uses 'append' or 'override.condition: append' but no macro by that name already exists";
const ERROR_NO_PREVIOUS_RULE_APPEND = "Rule uses 'append' or 'override.<key>: append' but no rule by that name already exists";
const ERROR_NO_PREVIOUS_RULE_REPLACE = "An 'override.<key>: replace' to a rule was requested but no rule by that name already exists";

/** The state of one load: everything collected so far, across files. */
export class Collector {
  readonly lists: Map<string, CollectedList>;
  readonly macros: Map<string, CollectedMacro>;
  readonly rules: Map<string, CollectedRule>;
  /** The highest required engine version seen. */
  requiredEngineVersion: { major: number; minor: number; patch: number } | undefined;
  private m_index = 0;

  /**
   * An empty collection, or (for a reload that only replaces rules) one that shares the lists
   * and macros of `rulesReplacedIn` and copies its rules (not its engine version). Sharing is
   * safe because a collection is not changed after its load: only `collect` changes it.
   */
  constructor(
    private readonly m_sources: SourceInfo,
    rulesReplacedIn?: Collector,
  ) {
    this.lists = rulesReplacedIn?.lists ?? new Map();
    this.macros = rulesReplacedIn?.macros ?? new Map();
    this.rules = new Map(rulesReplacedIn?.rules);
  }

  /** Applies one file's events; returns the file's reading and collecting problems, in order. */
  collect(events: readonly ReadEvent[]): RawProblem[] {
    const problems: RawProblem[] = [];
    for (const event of events) {
      if (event.kind === 'problem') {
        problems.push(event.problem);
        continue;
      }
      try {
        this.apply(event.item, problems);
      } catch (err) {
        if (!(err instanceof LoadError)) {
          throw err;
        }
        problems.push(err.problem);
      }
    }
    return problems;
  }

  /** Lists in index order. */
  orderedLists(): CollectedList[] {
    return [...this.lists.values()].sort((a, b) => a.index - b.index);
  }

  /** Macros in index order. */
  orderedMacros(): CollectedMacro[] {
    return [...this.macros.values()].sort((a, b) => a.index - b.index);
  }

  /** Rules in index order. */
  orderedRules(): CollectedRule[] {
    return [...this.rules.values()].sort((a, b) => a.index - b.index);
  }

  private apply(item: Item, problems: RawProblem[]): void {
    switch (item.kind) {
      case 'required_engine_version':
        return this.requireEngine(item);
      case 'required_plugin_versions':
        return this.requirePlugins(item);
      case 'list':
        return item.append ? this.appendList(item) : this.defineList(item);
      case 'macro':
        return item.append ? this.appendMacro(item) : this.defineMacro(item);
      case 'rule':
        return this.applyRule(item, problems);
    }
  }

  private requireEngine(item: Extract<Item, { kind: 'required_engine_version' }>): void {
    const required = { major: item.major, minor: item.minor, patch: item.patch };
    const compatible =
      required.major === ENGINE_VERSION.major && compareVersions(ENGINE_VERSION, required) >= 0;
    if (!compatible) {
      fail(
        'LOAD_ERR_VALIDATE',
        `Rules require engine version ${formatVersion(required)}, but engine version is ${formatVersion(ENGINE_VERSION)}`,
        'required_engine_version',
        '',
        item.span,
      );
    }
    if (this.requiredEngineVersion === undefined || compareVersions(required, this.requiredEngineVersion) > 0) {
      this.requiredEngineVersion = required;
    }
  }

  private requirePlugins(item: Extract<Item, { kind: 'required_plugin_versions' }>): void {
    for (const requirement of item.requirements) {
      const seen = new Set<string>();
      const entryName = requirement.alternatives[0]?.name ?? '';
      for (const alternative of requirement.alternatives) {
        if (parseSemver(alternative.version) === undefined) {
          fail('LOAD_ERR_VALIDATE', `Invalid required version '${alternative.version}' for plugin '${alternative.name}'`, 'required plugin versions entry', entryName, requirement.span);
        }
        if (seen.has(alternative.name)) {
          fail('LOAD_ERR_VALIDATE', `Defined multiple alternative version requirements for plugin '${alternative.name}'`, 'required plugin versions entry', entryName, requirement.span);
        }
        seen.add(alternative.name);
      }
    }
  }

  private defineList(item: ListItem): void {
    const id = this.m_index++;
    const prev = this.lists.get(item.name);
    this.lists.set(item.name, {
      name: item.name,
      index: prev?.index ?? id,
      visibility: id,
      // The read item's own array (cached with its chunk): an append replaces it, never changes it.
      items: item.items,
      nameSpans: withNameSpan(prev?.nameSpans, item.nameSpan),
    });
  }

  private appendList(item: ListItem): void {
    const prev = this.lists.get(item.name);
    if (prev === undefined) {
      fail('LOAD_ERR_VALIDATE', ERROR_NO_PREVIOUS_LIST, 'list', item.name, item.span);
    }
    prev.items = prev.items.concat(item.items);
    prev.visibility = this.m_index++;
    prev.nameSpans.push(item.nameSpan);
  }

  private defineMacro(item: MacroItem): void {
    const id = this.m_index++;
    const prev = this.macros.get(item.name);
    this.macros.set(item.name, {
      name: item.name,
      index: prev?.index ?? id,
      visibility: id,
      condition: [item.condition],
      nameSpans: withNameSpan(prev?.nameSpans, item.nameSpan),
    });
  }

  private appendMacro(item: MacroItem): void {
    const prev = this.macros.get(item.name);
    if (prev === undefined) {
      fail('LOAD_ERR_VALIDATE', ERROR_NO_PREVIOUS_MACRO, 'macro', item.name, item.span);
    }
    prev.condition.push(item.condition);
    prev.visibility = this.m_index++;
    prev.nameSpans.push(item.nameSpan);
  }

  private applyRule(item: RuleItem, problems: RawProblem[]): void {
    switch (item.mode) {
      case 'define':
        return this.defineRule(item, problems);
      case 'enable': {
        const prev = this.rules.get(item.name);
        if (prev === undefined) {
          fail('LOAD_ERR_VALIDATE', "Rule has 'enabled' key but no rule by that name already exists", 'rule', item.name, item.span);
        }
        prev.enabled = item.values.enabled ?? prev.enabled;
        prev.nameSpans.push(item.nameSpan);
        return;
      }
      case 'append':
        return this.appendRule(item, problems, item.appendKeys, true);
      case 'override':
        if (item.appendKeys.length > 0) {
          this.appendRule(item, problems, item.appendKeys, false);
        }
        if (item.replaceKeys.length > 0) {
          this.replaceRule(item, problems);
        }
        return;
    }
  }

  private defineRule(item: RuleItem, problems: RawProblem[]): void {
    const values = item.values;
    const source = values.source?.value ?? 'syscall';
    const prev = this.rules.get(item.name);
    if (prev !== undefined && prev.source !== source) {
      fail('LOAD_ERR_VALIDATE', 'Rule has been re-defined with a different source', 'rule', item.name, values.source?.span ?? item.span);
    }
    const unknownSource = !this.m_sources.isKnownSource(source);
    if (unknownSource) {
      problems.push(rawProblem('LOAD_UNKNOWN_SOURCE', `Unknown source ${source}, skipping`, 'rule', item.name, values.source?.span ?? item.span));
    }
    const exceptions = values.exceptions ?? [];
    validateExceptions(exceptions, unknownSource ? undefined : source, item.name);
    const id = this.m_index++;
    this.rules.set(item.name, {
      name: item.name,
      index: prev?.index ?? id,
      visibility: id,
      condition: values.condition === undefined ? [] : [values.condition],
      output: values.output === undefined ? [] : [values.output],
      desc: values.desc === undefined ? [] : [values.desc],
      priorityLevel: values.priorityLevel ?? 7,
      source,
      enabled: values.enabled ?? true,
      tags: new Set((values.tags ?? []).map((tag) => tag.value)),
      exceptions: exceptions.slice(),
      warnEvttypes: values.warnEvttypes ?? true,
      skipIfUnknownFilter: values.skipIfUnknownFilter ?? false,
      capture: values.capture ?? false,
      captureDuration: values.captureDuration ?? 0,
      unknownSource,
      nameSpans: withNameSpan(prev?.nameSpans, item.nameSpan),
      span: item.span,
    });
  }

  private existingForUpdate(item: RuleItem, message: string): CollectedRule {
    const prev = this.rules.get(item.name);
    if (prev === undefined) {
      fail('LOAD_ERR_VALIDATE', message, 'rule', item.name, item.span);
    }
    const source = item.values.source?.value ?? '';
    if (source !== '' && source !== prev.source) {
      fail('LOAD_ERR_VALIDATE', 'Rule has been re-defined with a different source', 'rule', item.name, item.values.source?.span ?? item.span);
    }
    return prev;
  }

  private appendRule(item: RuleItem, _problems: RawProblem[], keys: readonly string[], legacy: boolean): void {
    const prev = this.existingForUpdate(item, ERROR_NO_PREVIOUS_RULE_APPEND);
    const values = item.values;
    if (legacy && values.condition === undefined && values.exceptions === undefined) {
      fail('LOAD_ERR_VALIDATE', 'Appended rule must have exceptions or condition property', 'rule', item.name, item.span);
    }
    for (const key of keys) {
      if (key === 'condition' && values.condition !== undefined) {
        prev.condition.push(values.condition);
      } else if (key === 'output' && values.output !== undefined) {
        prev.output.push(values.output);
      } else if (key === 'desc' && values.desc !== undefined) {
        prev.desc.push(values.desc);
      } else if (key === 'tags') {
        for (const tag of values.tags ?? []) {
          prev.tags.add(tag.value);
        }
      } else if (key === 'exceptions') {
        this.appendExceptions(prev, values.exceptions ?? [], item.name);
      }
    }
    prev.visibility = this.m_index++;
    prev.nameSpans.push(item.nameSpan);
  }

  private appendExceptions(prev: CollectedRule, exceptions: ExceptionInfo[], ruleName: string): void {
    for (const exception of exceptions) {
      const existing = prev.exceptions.find((candidate) => candidate.name === exception.name);
      if (existing === undefined) {
        if (exception.fields === undefined) {
          fail('LOAD_ERR_VALIDATE', 'Rule exception must have fields property with a list of fields', 'exception', exception.name, exception.span);
        }
        if (exception.values.length === 0) {
          fail('LOAD_ERR_VALIDATE', 'Rule exception must have values property with a list of values', 'exception', exception.name, exception.span);
        }
        validateExceptions([exception], prev.unknownSource ? undefined : prev.source, ruleName);
        prev.exceptions.push(exception);
        continue;
      }
      if (exception.fields !== undefined) {
        fail('LOAD_ERR_VALIDATE', 'Can not append exception fields to existing exception, only values', 'exception', exception.name, exception.fields.span);
      }
      if (exception.comps !== undefined) {
        fail('LOAD_ERR_VALIDATE', 'Can not append exception comps to existing exception, only values', 'exception', exception.name, exception.comps.span);
      }
      // Copy so that a later redefinition of the rule does not see these values.
      const merged: ExceptionInfo = { ...existing, values: [...existing.values, ...exception.values], hasValues: existing.hasValues || exception.hasValues };
      prev.exceptions[prev.exceptions.indexOf(existing)] = merged;
    }
  }

  private replaceRule(item: RuleItem, _problems: RawProblem[]): void {
    const prev = this.existingForUpdate(item, ERROR_NO_PREVIOUS_RULE_REPLACE);
    const values = item.values;
    for (const key of item.replaceKeys) {
      switch (key) {
        case 'condition':
          prev.condition = values.condition === undefined ? [] : [values.condition];
          break;
        case 'output':
          prev.output = values.output === undefined ? [] : [values.output];
          break;
        case 'desc':
          prev.desc = values.desc === undefined ? [] : [values.desc];
          break;
        case 'tags':
          prev.tags = new Set((values.tags ?? []).map((tag) => tag.value));
          break;
        case 'exceptions':
          validateExceptions(values.exceptions ?? [], prev.unknownSource ? undefined : prev.source, item.name);
          prev.exceptions = (values.exceptions ?? []).slice();
          break;
        case 'priority':
          prev.priorityLevel = values.priorityLevel ?? prev.priorityLevel;
          break;
        case 'enabled':
          prev.enabled = values.enabled ?? prev.enabled;
          break;
        case 'warn_evttypes':
          prev.warnEvttypes = values.warnEvttypes ?? prev.warnEvttypes;
          break;
        case 'skip-if-unknown-filter':
          prev.skipIfUnknownFilter = values.skipIfUnknownFilter ?? prev.skipIfUnknownFilter;
          break;
        case 'capture':
          prev.capture = values.capture ?? prev.capture;
          break;
        case 'capture_duration':
          prev.captureDuration = values.captureDuration ?? prev.captureDuration;
          break;
        case 'source':
          break;
      }
    }
    prev.visibility = this.m_index++;
    prev.nameSpans.push(item.nameSpan);
  }
}

/**
 * The name spans of a (re)definition: the earlier ones, then `nameSpan`. A first definition
 * (nearly all) gets a one-element literal, not a spread (which allocates room to grow).
 */
function withNameSpan(earlier: readonly Span[] | undefined, nameSpan: Span): Span[] {
  return earlier === undefined ? [nameSpan] : [...earlier, nameSpan];
}

function compareVersions(a: { major: number; minor: number; patch: number }, b: { major: number; minor: number; patch: number }): number {
  return a.major - b.major || a.minor - b.minor || a.patch - b.patch;
}

function formatVersion(version: { major: number; minor: number; patch: number }): string {
  return `${version.major}.${version.minor}.${version.patch}`;
}
