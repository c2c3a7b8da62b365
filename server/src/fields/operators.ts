/**
 * Type rules of the condition language: which comparison operators a field's type accepts,
 * what a transformer (`tolower(`, `len(` ...) makes of its input type, and whether a field's
 * `[argument]` is missing, forbidden or malformed. Messages are libsinsp's own words, so the
 * loader can report them verbatim. It does not parse conditions or look fields up by name.
 */
import { type FieldInfo } from './index';

/** Operators whose values are numbers, strings, lists... as libsinsp names them in messages. */
const NUMERIC_OPS = new Set(['=', '!=', '<', '<=', '>', '>=', 'in', 'intersects', 'exists']);
const BOOL_OPS = new Set(['=', '!=', 'in', 'intersects', 'exists']);
const STRING_OPS = new Set([
  '=', '!=', '<', '<=', '>', '>=', 'contains', 'in', 'exists', 'icontains', 'startswith',
  'glob', 'pmatch', 'endswith', 'intersects', 'iglob', 'regex',
]);
const BUFFER_OPS = new Set([
  '=', '!=', 'contains', 'in', 'exists', 'startswith', 'endswith', 'intersects', 'bcontains',
  'bstartswith',
]);
const IP_OPS = new Set(['=', '!=', 'in', 'exists', 'intersects']);
const LIST_OPS = new Set(['in', 'exists', 'intersects']);

/** Every operator the grammar knows, in the order Falco lists them in parse errors. */
export const ALL_OPERATORS: readonly string[] = [
  'exists', '<=', '<', '>=', '>', '==', '=', '!=', 'glob', 'iglob', 'contains', 'icontains',
  'bcontains', 'startswith', 'bstartswith', 'endswith', 'regex', 'intersects', 'in', 'pmatch',
];

const NUMERIC_TYPES = new Set([
  'int8', 'int16', 'int32', 'int64', 'uint8', 'uint16', 'uint32', 'uint64', 'errno', 'fd', 'pid',
  'syscallid', 'sigtype', 'reltime', 'abstime', 'port', 'flags8', 'flags16', 'flags32', 'double',
  'mode', 'enumflags8', 'enumflags16', 'enumflags32',
]);
const IP_TYPES = new Set(['ipv4addr', 'ipv4net', 'ipv6addr', 'ipv6net', 'ipaddr', 'ipnet']);
const STRING_TYPES = new Set(['charbuf', 'fspath', 'fsrelpath']);
/** Element types libsinsp accepts for list-valued fields. */
const LIST_ELEMENT_TYPES = new Set(['charbuf', 'uint64', 'reltime', 'abstime', 'bool', 'ipaddr', 'ipnet']);

/**
 * Undefined when `op` may compare `field`, else libsinsp's compile error, e.g.
 * "'contains' operator not supported for numeric filters". `op` may carry a modifier
 * (`startswith oneof`); `==` is reported as `=`, as libsinsp prints it.
 */
export function checkOperator(field: Pick<FieldInfo, 'type' | 'isList'>, op: string): string | undefined {
  return checkOperatorForType(field.type, field.isList, op);
}

/** Any blank (a module constant: a regex literal makes a new object each time it is evaluated). */
const BLANK = /\s/;

/** The first blank-separated word of `op` (`op.trim().split(/\s+/)[0]`), without building an array. */
function firstWord(op: string): string {
  // The usual operator has no blank at all.
  if (!BLANK.test(op)) {
    return op;
  }
  return op.trim().split(/\s+/)[0] ?? '';
}

/** Same as `checkOperator` for a bare type, e.g. a transformer's output type. */
export function checkOperatorForType(type: string, isList: boolean, op: string): string | undefined {
  const baseOp = firstWord(op);
  const shownOp = baseOp === '==' ? '=' : baseOp;
  if (!ALL_OPERATORS.includes(baseOp)) {
    return `unrecognized filter comparison operator '${baseOp}'`;
  }
  if (shownOp === 'exists') {
    return undefined;
  }
  if (isList) {
    if (!LIST_ELEMENT_TYPES.has(type)) {
      return `list filters are not supported for type '${type.toUpperCase()}'`;
    }
    return LIST_OPS.has(shownOp) ? undefined : `'${shownOp}' operator not supported list filters`;
  }
  if (NUMERIC_TYPES.has(type)) {
    return NUMERIC_OPS.has(shownOp) ? undefined : `'${shownOp}' operator not supported for numeric filters`;
  }
  if (type === 'bool') {
    // libsinsp reuses the numeric wording for booleans.
    return BOOL_OPS.has(shownOp) ? undefined : `'${shownOp}' operator not supported for numeric filters`;
  }
  if (IP_TYPES.has(type)) {
    return IP_OPS.has(shownOp)
      ? undefined
      : `'${shownOp}' operator not supported for ip address and network filters`;
  }
  if (STRING_TYPES.has(type)) {
    return STRING_OPS.has(shownOp) ? undefined : `'${shownOp}' operator not supported for string filters`;
  }
  if (type === 'bytebuf') {
    return BUFFER_OPS.has(shownOp) ? undefined : `'${shownOp}' operator not supported for buffer filters`;
  }
  if (type === 'dynamic') {
    // An unresolved evt.rawarg: libsinsp decides once the parameter is known.
    return undefined;
  }
  return `'${shownOp}' operator not supported for type '${type.toUpperCase()}'`;
}

/** The transformers of the condition language, with the libs version that added them. */
export const TRANSFORMERS: readonly { name: string; since: string; multiArg: boolean }[] = [
  { name: 'toupper', since: '0.17', multiArg: false },
  { name: 'tolower', since: '0.17', multiArg: false },
  { name: 'b64', since: '0.17', multiArg: false },
  { name: 'basename', since: '0.18', multiArg: false },
  { name: 'len', since: '0.19', multiArg: false },
  { name: 'join', since: '0.24', multiArg: true },
  { name: 'concat', since: '0.24', multiArg: true },
  { name: 'getopt', since: '0.25', multiArg: true },
];

/**
 * The type a transformer produces from an input of `inputType` (`isList` for list-valued
 * input). On an incompatible input, `error` holds libsinsp's message and `outputType` echoes
 * the input. Single-argument transformers keep the input's list-ness except `len`, which turns
 * a list into its element count. Multi-argument ones (`join`, `concat`, `getopt`) yield text;
 * `val` (not in TRANSFORMERS: it only marks a right-hand field) keeps the input type.
 */
export function checkTransformer(
  name: string,
  inputType: string,
  isList: boolean,
): { outputType: string; isList: boolean; error?: string } {
  const incompatible = {
    outputType: inputType,
    isList,
    error: `field type '${inputType.toUpperCase()}' is not supported by '${name}' transformer`,
  };
  switch (name) {
    case 'toupper':
    case 'tolower':
    case 'basename':
      return STRING_TYPES.has(inputType) ? { outputType: inputType, isList } : incompatible;
    case 'b64':
      return inputType === 'charbuf' || inputType === 'bytebuf' ? { outputType: inputType, isList } : incompatible;
    case 'len':
      if (isList || STRING_TYPES.has(inputType) || inputType === 'bytebuf') {
        return { outputType: 'uint64', isList: false };
      }
      return incompatible;
    case 'join':
    case 'concat':
    case 'getopt':
      return { outputType: 'charbuf', isList: false };
    case 'val':
      // Not a transformation: "compare with this field's value" keeps the field's type.
      return { outputType: inputType, isList };
    default:
      // libsinsp's own spelling, typo included.
      return { outputType: inputType, isList, error: `unknown field transfomer '${name}'` };
  }
}

/**
 * Undefined when `arg` (the text between `[` and `]`, or undefined when absent) suits
 * `field`, else the message Falco prints, naming the field as written (`proc.aname[x]`).
 * Plugin fields (plugin sources, and container.* / k8s.* served by the container plugin)
 * use the plugin framework's messages; libsinsp's own fields fail the way their
 * parse_field_name does, often as a "nonexistent field" whose name includes the argument.
 */
export function checkFieldArgument(field: FieldInfo, arg: string | undefined): string | undefined {
  const written = arg === undefined ? field.name : `${field.name}[${arg}]`;
  // libsinsp names the catalog field (evt.arg), not the dynamic name as written (evt.arg.fd).
  const baseName = field.baseName ?? field.name;
  if (isPluginField(field)) {
    return checkPluginFieldArgument(field, baseName, written, arg);
  }
  const nonexistent = `filter_check called with nonexistent field ${written}`;
  if (arg === undefined) {
    if (field.arg === 'required' && field.dotArg === undefined) {
      return `filter syntax error: ${written}`;
    }
    return undefined;
  }
  if (field.arg === 'none' || field.dotArg !== undefined) {
    return nonexistent;
  }
  if (field.argDotOnly === true) {
    // evt.rawarg refuses brackets explicitly; the others fail to parse or stop before them.
    if (baseName === 'evt.rawarg') {
      return 'evt.arg fields must be expressed explicitly';
    }
    return baseName === 'evt.abspath' ? nonexistent : `filter syntax error: ${written}`;
  }
  if (field.argKind === 'index' && !/^[+-]?[0-9]+$/.test(arg.trim())) {
    // Ancestor fields swallow the number parser's error and match no field at all.
    return ANCESTOR_FIELDS.has(baseName) ? nonexistent : `${arg} is not a valid number`;
  }
  return undefined;
}

/** libsinsp fields whose `[level]` parse failure leaves the name unmatched. */
const ANCESTOR_FIELDS = new Set(['proc.aname', 'proc.apid', 'proc.aexe', 'proc.aexepath', 'proc.acmdline']);

/** Classes served by the container plugin since Falco 0.41. */
const CONTAINER_PLUGIN_CLASSES = new Set(['container', 'k8s']);

function isPluginField(field: FieldInfo): boolean {
  return !field.sources.includes('syscall') || CONTAINER_PLUGIN_CLASSES.has(field.class);
}

/** The plugin framework's argument checks (sinsp_filter_check_plugin). */
function checkPluginFieldArgument(field: FieldInfo, baseName: string, written: string, arg: string | undefined): string | undefined {
  if (arg === undefined) {
    if (field.arg === 'required' && field.dotArg === undefined) {
      return `filter '${written}': ${baseName} requires an argument but none provided`;
    }
    return undefined;
  }
  if (field.arg === 'none' || field.dotArg !== undefined) {
    return `filter '${written}': ${baseName} does not allow nor require an argument but one is provided: ${arg}`;
  }
  if (field.argKind === 'index') {
    if (arg === '' || (arg.length > 1 && arg.startsWith('0'))) {
      return `filter ${written} ${baseName} has an invalid index argument starting with 0: ${arg}`;
    }
    if (!/^[0-9]+$/.test(arg)) {
      return `filter ${written} ${baseName} has an invalid index argument not composed only by digits: ${arg}`;
    }
  }
  return undefined;
}
