/**
 * Operator/type compatibility, transformer types and field arguments, case by case against
 * falco-rule-semantics.md §6.1 and libsinsp's messages. Each table row is one case.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { loadFieldCatalog, type FieldInfo } from '../../../server/src/fields/index';
import { ALL_OPERATORS, checkFieldArgument, checkOperator, checkTransformer } from '../../../server/src/fields/operators';

function field(name: string): FieldInfo {
  const found = loadFieldCatalog().lookup(name);
  assert.ok(found !== undefined, `${name} is not in the catalog`);
  return found;
}

/** Operators each type family accepts (§6.1); every other operator must be rejected. */
const ACCEPTED: { family: string; example: string; message: string; ops: string[] }[] = [
  { family: 'numeric', example: 'proc.pid', message: 'numeric', ops: ['=', '==', '!=', '<', '<=', '>', '>=', 'in', 'intersects', 'exists'] },
  { family: 'port (numeric)', example: 'fd.sport', message: 'numeric', ops: ['=', '==', '!=', '<', '<=', '>', '>=', 'in', 'intersects', 'exists'] },
  { family: 'bool', example: 'evt.failed', message: 'numeric', ops: ['=', '==', '!=', 'in', 'intersects', 'exists'] },
  {
    family: 'string',
    example: 'proc.name',
    message: 'string',
    ops: ALL_OPERATORS.filter((op) => op !== 'bcontains' && op !== 'bstartswith'),
  },
  {
    family: 'bytebuf',
    example: 'evt.buffer',
    message: 'buffer',
    ops: ['=', '==', '!=', 'contains', 'in', 'exists', 'startswith', 'endswith', 'intersects', 'bcontains', 'bstartswith'],
  },
  { family: 'ip address', example: 'fd.sip', message: 'ip address and network', ops: ['=', '==', '!=', 'in', 'intersects', 'exists'] },
  { family: 'ip network', example: 'fd.net', message: 'ip address and network', ops: ['=', '==', '!=', 'in', 'intersects', 'exists'] },
];

for (const row of ACCEPTED) {
  test(`${row.family} fields (${row.example}) accept exactly ${row.ops.join(' ')}`, () => {
    const info = field(row.example);
    for (const op of ALL_OPERATORS) {
      const shown = op === '==' ? '=' : op;
      const expected = row.ops.includes(op) ? undefined : `'${shown}' operator not supported for ${row.message} filters`;
      assert.equal(checkOperator(info, op), expected, `${row.example} ${op}`);
    }
  });
}

test('list-valued fields accept only in, intersects and exists', () => {
  const info = field('ka.req.pod.containers.image');
  assert.ok(info.isList);
  for (const op of ALL_OPERATORS) {
    const expected = ['in', 'intersects', 'exists'].includes(op) ? undefined : `'${op === '==' ? '=' : op}' operator not supported list filters`;
    assert.equal(checkOperator(info, op), expected, op);
  }
});

test('list-valued fields of an element type libsinsp cannot list are rejected, exists aside', () => {
  assert.equal(checkOperator({ type: 'int64', isList: true }, 'in'), "list filters are not supported for type 'INT64'");
  assert.equal(checkOperator({ type: 'int64', isList: true }, 'exists'), undefined);
});

test('modifiers are checked through their base operator', () => {
  assert.equal(checkOperator(field('proc.name'), 'startswith oneof'), undefined);
  assert.equal(checkOperator(field('proc.pid'), 'startswith anyof'), "'startswith' operator not supported for numeric filters");
});

test('an unknown operator is reported as libsinsp does', () => {
  assert.equal(checkOperator(field('proc.name'), 'like'), "unrecognized filter comparison operator 'like'");
});

test('evt.rawarg.<param> is checked with the type of that parameter', () => {
  const res = field('evt.rawarg.res');
  assert.equal(res.type, 'errno');
  assert.equal(checkOperator(res, '<'), undefined);
  assert.equal(checkOperator(res, 'contains'), "'contains' operator not supported for numeric filters");
});

const TRANSFORMER_CASES: { name: string; input: string; isList: boolean; output?: string; outputList?: boolean; ok: boolean }[] = [
  { name: 'tolower', input: 'charbuf', isList: false, output: 'charbuf', ok: true },
  { name: 'toupper', input: 'fspath', isList: false, output: 'fspath', ok: true },
  { name: 'tolower', input: 'charbuf', isList: true, output: 'charbuf', outputList: true, ok: true },
  { name: 'tolower', input: 'int64', isList: false, ok: false },
  { name: 'toupper', input: 'bytebuf', isList: false, ok: false },
  { name: 'basename', input: 'charbuf', isList: false, output: 'charbuf', ok: true },
  { name: 'basename', input: 'fsrelpath', isList: false, output: 'fsrelpath', ok: true },
  { name: 'basename', input: 'ipaddr', isList: false, ok: false },
  { name: 'b64', input: 'charbuf', isList: false, output: 'charbuf', ok: true },
  { name: 'b64', input: 'bytebuf', isList: false, output: 'bytebuf', ok: true },
  { name: 'b64', input: 'fspath', isList: false, ok: false },
  { name: 'len', input: 'charbuf', isList: false, output: 'uint64', outputList: false, ok: true },
  { name: 'len', input: 'bytebuf', isList: false, output: 'uint64', ok: true },
  { name: 'len', input: 'fspath', isList: false, output: 'uint64', ok: true },
  { name: 'len', input: 'charbuf', isList: true, output: 'uint64', outputList: false, ok: true },
  { name: 'len', input: 'uint64', isList: false, ok: false },
  { name: 'join', input: 'charbuf', isList: true, output: 'charbuf', outputList: false, ok: true },
  { name: 'concat', input: 'charbuf', isList: false, output: 'charbuf', ok: true },
  { name: 'val', input: 'ipaddr', isList: false, output: 'ipaddr', outputList: false, ok: true },
];

for (const row of TRANSFORMER_CASES) {
  test(`${row.name}(${row.input}${row.isList ? ' list' : ''}) ${row.ok ? `gives ${row.output ?? ''}` : 'is rejected'}`, () => {
    const res = checkTransformer(row.name, row.input, row.isList);
    if (row.ok) {
      assert.equal(res.error, undefined);
      assert.equal(res.outputType, row.output);
      if (row.outputList !== undefined) {
        assert.equal(res.isList, row.outputList);
      }
    } else {
      assert.equal(res.error, `field type '${row.input.toUpperCase()}' is not supported by '${row.name}' transformer`);
    }
  });
}

test('an unknown transformer is reported with libsinsp words', () => {
  assert.equal(checkTransformer('reverse', 'charbuf', false).error, "unknown field transfomer 'reverse'");
});

test('a transformed field is checked with the transformer output type', () => {
  const lengthOfName = checkTransformer('len', 'charbuf', false);
  assert.equal(checkOperator({ type: lengthOfName.outputType, isList: lengthOfName.isList }, '>'), undefined);
  assert.equal(
    checkOperator({ type: lengthOfName.outputType, isList: lengthOfName.isList }, 'contains'),
    "'contains' operator not supported for numeric filters",
  );
});

/** libsinsp's own fields fail as their parse_field_name does; plugin fields as the plugin framework does. */
const ARGUMENT_CASES: { field: string; arg: string | undefined; error?: string }[] = [
  { field: 'proc.aname', arg: undefined },
  { field: 'proc.aname', arg: '2' },
  { field: 'proc.aname', arg: '0' },
  { field: 'proc.aname', arg: '01' },
  { field: 'proc.aname', arg: 'x', error: 'filter_check called with nonexistent field proc.aname[x]' },
  { field: 'proc.name', arg: '1', error: 'filter_check called with nonexistent field proc.name[1]' },
  { field: 'proc.env', arg: 'HOME' },
  { field: 'fd.types', arg: '0' },
  { field: 'fd.types', arg: 'x', error: 'x is not a valid number' },
  { field: 'evt.arg.fd', arg: undefined },
  { field: 'evt.arg', arg: '0' },
  { field: 'evt.arg', arg: 'fd', error: 'fd is not a valid number' },
  { field: 'evt.arg', arg: undefined, error: 'filter syntax error: evt.arg' },
  { field: 'evt.arg.fd', arg: '0', error: 'filter_check called with nonexistent field evt.arg.fd[0]' },
  { field: 'evt.rawarg', arg: 'res', error: 'evt.arg fields must be expressed explicitly' },
  { field: 'evt.type.is', arg: undefined, error: 'filter syntax error: evt.type.is' },
  { field: 'evt.type.is', arg: 'open', error: 'filter syntax error: evt.type.is[open]' },
  { field: 'evt.abspath', arg: undefined },
  { field: 'evt.abspath', arg: 'src', error: 'filter_check called with nonexistent field evt.abspath[src]' },
  { field: 'thread.cgroup', arg: 'cpu', error: 'filter syntax error: thread.cgroup[cpu]' },
  // Served by the container plugin in current Falco: the plugin framework's words.
  { field: 'k8s.pod.label', arg: undefined, error: "filter 'k8s.pod.label': k8s.pod.label requires an argument but none provided" },
  { field: 'k8s.pod.label', arg: 'app' },
  { field: 'container.id', arg: '1', error: "filter 'container.id[1]': container.id does not allow nor require an argument but one is provided: 1" },
  { field: 'json.value', arg: '/user/name' },
  { field: 'json.value', arg: undefined, error: "filter 'json.value': json.value requires an argument but none provided" },
  { field: 'ka.req.pod.containers.image', arg: '0' },
  { field: 'ka.req.pod.containers.image', arg: '01', error: 'filter ka.req.pod.containers.image[01] ka.req.pod.containers.image has an invalid index argument starting with 0: 01' },
  { field: 'okta.mfa.failure.countlast', arg: '60' },
  { field: 'okta.mfa.failure.countlast', arg: 'x', error: 'filter okta.mfa.failure.countlast[x] okta.mfa.failure.countlast has an invalid index argument not composed only by digits: x' },
  { field: 'ka.verb', arg: 'x', error: "filter 'ka.verb[x]': ka.verb does not allow nor require an argument but one is provided: x" },
];

for (const row of ARGUMENT_CASES) {
  test(`argument ${row.field}${row.arg === undefined ? '' : `[${row.arg}]`} is ${row.error === undefined ? 'accepted' : 'rejected'}`, () => {
    assert.equal(checkFieldArgument(field(row.field), row.arg), row.error);
  });
}
