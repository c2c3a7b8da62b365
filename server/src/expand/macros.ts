/**
 * Macro resolution (§5.2), on expanded trees: an identifier naming a visible macro is
 * replaced by that macro's tree, recursively, detecting reference loops; identifiers left
 * over are undefined macros. Like Falco's `filter_macro_resolver`, macros are resolved in
 * index order and each sees only macros whose index is below its own visibility, while
 * rules see them all. It reports what it resolved (for "used" and for references); it does
 * not decide error codes' wording beyond Falco's two messages.
 */
import { type XExpr, type XIdentifier } from './tree';

/** A macro's tree as resolution goes on, or undefined when its text did not parse. */
export interface MacroTree {
  name: string;
  index: number;
  visibility: number;
  tree: XExpr | undefined;
}

/** What one resolution found. */
export interface Resolution {
  tree: XExpr;
  /** Every macro reference that was substituted, with the identifier node written. */
  resolved: { name: string; node: XIdentifier }[];
  /** The first reference loop: the macro named and where. */
  loop?: { name: string; node: XIdentifier };
  /** Identifiers that name no visible macro, in source order. */
  unknown: XIdentifier[];
}

/** Resolves macro references in `tree`; `visible(name)` gives the macro a reference may use. */
export function resolveMacros(tree: XExpr, visible: (name: string) => MacroTree | undefined): Resolution {
  const resolution: Resolution = { tree, resolved: [], unknown: [] };
  resolution.tree = resolveNode(tree, visible, [], resolution);
  return resolution;
}

function resolveNode(node: XExpr, visible: (name: string) => MacroTree | undefined, path: string[], acc: Resolution): XExpr {
  if (node.resolved) {
    return node;
  }
  switch (node.kind) {
    case 'identifier':
      return resolveIdentifier(node, visible, path, acc);
    // New nodes are written out field by field: a spread with overridden keys is slow in V8.
    case 'not': {
      const child = resolveNode(node.child, visible, path, acc);
      return { kind: 'not', child, origin: node.origin, range: node.range, resolved: child.resolved };
    }
    case 'and':
    case 'or': {
      const children = node.children.map((child) => resolveNode(child, visible, path, acc));
      return { kind: node.kind, children, origin: node.origin, range: node.range, resolved: children.every((child) => child.resolved) };
    }
    default:
      return node;
  }
}

function resolveIdentifier(node: XIdentifier, visible: (name: string) => MacroTree | undefined, path: string[], acc: Resolution): XExpr {
  const macro = visible(node.name);
  if (macro === undefined) {
    acc.unknown.push(node);
    return node;
  }
  if (path.includes(macro.name)) {
    acc.loop ??= { name: macro.name, node };
    return { kind: 'broken', macro: macro.name, origin: node.origin, range: node.range, resolved: true };
  }
  acc.resolved.push({ name: macro.name, node });
  if (macro.tree === undefined) {
    // The macro itself failed (reported on the macro); stand in for it quietly.
    return { kind: 'broken', macro: macro.name, origin: node.origin, range: node.range, resolved: true };
  }
  path.push(macro.name);
  const substituted = resolveNode(macro.tree, visible, path, acc);
  path.pop();
  return substituted;
}

/** The undefined-macro message. */
export function undefinedMacroMessage(name: string): string {
  return `Undefined macro '${name}' used in filter.`;
}

/** The reference-loop message. */
export function macroLoopMessage(name: string): string {
  return `reference loop in macro '${name}'`;
}
