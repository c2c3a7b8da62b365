/**
 * Tests the TextMate grammar `syntaxes/falco.tmLanguage.json` with VS Code's own tokenizer
 * (vscode-textmate + vscode-oniguruma): the file is valid JSON, and conditions, outputs,
 * item names and the surrounding YAML in real rules text get the scopes themes colour.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'fs';
import * as path from 'path';
import * as oniguruma from 'vscode-oniguruma';
import { INITIAL, parseRawGrammar, Registry, type IGrammar, type StateStack } from 'vscode-textmate';
import { packageRoot } from '../../../server/src/paths';

const grammarPath = path.join(packageRoot(), 'syntaxes', 'falco.tmLanguage.json');

/** One token of a tokenized line: its text and its scopes, innermost last. */
interface Token {
  text: string;
  scopes: string[];
}

async function loadGrammar(): Promise<IGrammar> {
  const wasm = fs.readFileSync(require.resolve('vscode-oniguruma/release/onig.wasm'));
  await oniguruma.loadWASM(wasm.buffer.slice(wasm.byteOffset, wasm.byteOffset + wasm.byteLength));
  const registry = new Registry({
    onigLib: Promise.resolve({
      createOnigScanner: (patterns: string[]) => new oniguruma.OnigScanner(patterns),
      createOnigString: (text: string) => new oniguruma.OnigString(text),
    }),
    loadGrammar: (scopeName: string) =>
      Promise.resolve(scopeName === 'source.falco' ? parseRawGrammar(fs.readFileSync(grammarPath, 'utf8'), grammarPath) : null),
  });
  const grammar = await registry.loadGrammar('source.falco');
  assert.ok(grammar, 'the grammar source.falco loads');
  return grammar;
}

/** Tokenizes a whole text, line by line, keeping the state between lines as an editor does. */
function tokenize(grammar: IGrammar, text: string): Token[][] {
  let state: StateStack = INITIAL;
  return text.split('\n').map((line) => {
    const res = grammar.tokenizeLine(line, state);
    state = res.ruleStack;
    return res.tokens.map((token) => ({ text: line.slice(token.startIndex, token.endIndex), scopes: token.scopes }));
  });
}

/** Asserts that the token spelled `text` on line `lineIdx` carries `scope`. */
function checkScope(lines: Token[][], lineIdx: number, text: string, scope: string): void {
  const token = lines[lineIdx].find((candidate) => candidate.text.trim() === text);
  assert.ok(token, `line ${lineIdx} has a token "${text}"; tokens: ${JSON.stringify(lines[lineIdx].map((t) => t.text))}`);
  assert.ok(token.scopes.includes(scope), `"${text}" on line ${lineIdx} has scopes ${token.scopes.join(' ')}, expected ${scope}`);
}

function checkNoScope(lines: Token[][], lineIdx: number, text: string, scopePrefix: string): void {
  for (const token of lines[lineIdx].filter((candidate) => candidate.text.includes(text))) {
    assert.ok(!token.scopes.some((scope) => scope.startsWith(scopePrefix)), `"${token.text}" on line ${lineIdx} should not be ${scopePrefix}: ${token.scopes.join(' ')}`);
  }
}

test('the grammar file is valid JSON with the scope name the manifest declares', () => {
  const grammar = JSON.parse(fs.readFileSync(grammarPath, 'utf8')) as { scopeName: string };
  assert.equal(grammar.scopeName, 'source.falco');
  const manifest = JSON.parse(fs.readFileSync(path.join(packageRoot(), 'package.json'), 'utf8')) as {
    contributes: { grammars: { scopeName: string; path: string; language: string }[] };
  };
  const entry = manifest.contributes.grammars.find((candidate) => candidate.language === 'falco');
  assert.ok(entry, 'package.json contributes a grammar for the falco language');
  assert.equal(entry.scopeName, 'source.falco');
  assert.equal(path.resolve(packageRoot(), entry.path), grammarPath);
});

test('conditions: single-line and block scalars, fields, operators, lists, strings', async () => {
  const grammar = await loadGrammar();
  const lines = tokenize(
    grammar,
    [
      '- macro: open_write', // 0
      "  condition: (evt.type in (open,openat) and evt.is_open_write=true and fd.typechar='f')", // 1
      '', // 2
      '- rule: Write below etc', // 3
      '  desc: an attempt to write to /etc and more', // 4
      '  condition: >', // 5
      '    open_write and not proc.name in (shell_binaries)', // 6
      '', // 7
      '    and fd.name startswith /etc and proc.aname[2] contains "sh"', // 8
      '  output: File below /etc opened (user=%user.name file=%fd.name parent=%proc.aname[2])', // 9
      '  priority: ERROR', // 10
    ].join('\n'),
  );
  checkScope(lines, 0, 'open_write', 'entity.name.type.macro.falco');
  checkScope(lines, 1, 'evt.type', 'variable.other.field.falco');
  checkScope(lines, 1, 'in', 'keyword.operator.comparison.falco');
  checkScope(lines, 1, 'and', 'keyword.operator.logical.falco');
  checkScope(lines, 1, '=', 'keyword.operator.comparison.falco');
  checkScope(lines, 1, 'openat', 'variable.other.reference.falco');
  checkScope(lines, 1, 'f', 'string.quoted.single.falco');
  checkScope(lines, 3, 'Write below etc', 'entity.name.type.rule.falco');
  checkNoScope(lines, 4, 'and', 'keyword.operator');
  checkScope(lines, 5, '>', 'keyword.control.flow.block-scalar.falco');
  checkScope(lines, 6, 'not', 'keyword.operator.logical.falco');
  checkScope(lines, 6, 'shell_binaries', 'variable.other.reference.falco');
  checkScope(lines, 6, 'proc.name', 'meta.embedded.condition.falco');
  // A blank line inside a block scalar does not end the condition.
  checkScope(lines, 8, 'startswith', 'keyword.operator.comparison.falco');
  checkScope(lines, 8, 'proc.aname[2]', 'variable.other.field.falco');
  checkScope(lines, 8, 'sh', 'string.quoted.double.falco');
  checkScope(lines, 9, 'user.name', 'variable.other.field.falco');
  checkScope(lines, 9, 'proc.aname[2]', 'variable.other.field.falco');
  checkScope(lines, 9, '%', 'punctuation.definition.field.falco');
  checkNoScope(lines, 10, 'ERROR', 'meta.embedded');
  checkScope(lines, 10, 'priority', 'entity.name.tag.yaml');
  checkScope(lines, 10, 'ERROR', 'string.unquoted.plain.yaml');
  checkScope(lines, 4, 'desc', 'entity.name.tag.yaml');
});

test('the YAML around conditions: comments, flow lists, booleans, block scalars that are not conditions', async () => {
  const grammar = await loadGrammar();
  const lines = tokenize(
    grammar,
    [
      '# Copyright (C) The Falco Authors', // 0
      '- list: shell_binaries', // 1
      '  items: [ash, bash, "my shell"]', // 2
      '- rule: R', // 3
      '  desc: >', // 4
      '    this text and that text', // 5
      '  enabled: true # on', // 6
      '  condition: evt.type = open', // 7
    ].join('\n'),
  );
  checkScope(lines, 0, '# Copyright (C) The Falco Authors', 'comment.line.number-sign.yaml');
  checkScope(lines, 1, 'shell_binaries', 'entity.name.type.list.falco');
  checkScope(lines, 2, 'items', 'entity.name.tag.yaml');
  checkScope(lines, 2, 'bash', 'string.unquoted.plain.yaml');
  checkScope(lines, 2, 'my shell', 'string.quoted.double.yaml');
  checkScope(lines, 5, 'this text and that text', 'string.unquoted.block.yaml');
  checkNoScope(lines, 5, 'and', 'keyword.operator');
  checkScope(lines, 6, 'true', 'constant.language.boolean.yaml');
  checkScope(lines, 6, '# on', 'comment.line.number-sign.yaml');
  checkScope(lines, 7, 'evt.type', 'variable.other.field.falco');
});

test('the official falco_rules.yaml tokenizes with every condition line inside a condition', async () => {
  const grammar = await loadGrammar();
  const text = fs.readFileSync(path.join(packageRoot(), 'test', 'fixtures', 'rules', 'falco_rules.yaml'), 'utf8');
  const lines = tokenize(grammar, text);
  const sourceLines = text.split('\n');
  let nConditions = 0;
  sourceLines.forEach((line, lineIdx) => {
    if (/^\s+condition:\s*\S/.test(line) && !/^\s+condition:\s*[>|]/.test(line)) {
      nConditions++;
      const last = lines[lineIdx][lines[lineIdx].length - 1];
      assert.ok(last.scopes.includes('meta.condition.falco'), `line ${lineIdx + 1} ends inside its condition`);
    }
    if (/^- (rule|macro|list):/.test(line)) {
      assert.ok(!lines[lineIdx].some((token) => token.scopes.includes('meta.condition.falco')), `line ${lineIdx + 1} starts a new item, outside any condition`);
    }
  });
  assert.ok(nConditions > 50, `found ${nConditions} conditions`);
});
