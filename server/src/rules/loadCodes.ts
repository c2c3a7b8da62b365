/**
 * Every load result code Falco's rule loader reports (`falco_load_result.h`), with its
 * short title, and the `Problem` record the loader returns for each one. This file only
 * names things; it does not decide when a code is raised (the reader, collector, expand
 * passes and checks do).
 */

/** Error codes: any of them makes a load unsuccessful. */
export type ErrorCode =
  | 'LOAD_ERR_FILE_READ'
  | 'LOAD_ERR_YAML_PARSE'
  | 'LOAD_ERR_YAML_VALIDATE'
  | 'LOAD_ERR_COMPILE_CONDITION'
  | 'LOAD_ERR_COMPILE_OUTPUT'
  | 'LOAD_ERR_VALIDATE'
  | 'LOAD_ERR_EXTENSION';

/** Warning codes: reported, never fatal. */
export type WarningCode =
  | 'LOAD_UNKNOWN_SOURCE'
  | 'LOAD_UNSAFE_NA_CHECK'
  | 'LOAD_NO_EVTTYPE'
  | 'LOAD_UNKNOWN_FILTER'
  | 'LOAD_UNUSED_MACRO'
  | 'LOAD_UNUSED_LIST'
  | 'LOAD_UNKNOWN_ITEM'
  | 'LOAD_DEPRECATED_ITEM'
  | 'LOAD_WARNING_EXTENSION'
  | 'LOAD_APPEND_NO_VALUES'
  | 'LOAD_EXCEPTION_NAME_NOT_UNIQUE'
  | 'LOAD_INVALID_MACRO_NAME'
  | 'LOAD_INVALID_LIST_NAME'
  | 'LOAD_COMPILE_CONDITION'
  | 'LOAD_UNKNOWN_KEY';

export type LoadCode = ErrorCode | WarningCode;

/** Falco's short title for each code (`falco::load_result::code_str`-like descriptions). */
export const CODE_TITLES: Record<LoadCode, string> = {
  LOAD_ERR_FILE_READ: 'File read error',
  LOAD_ERR_YAML_PARSE: 'YAML parse error',
  LOAD_ERR_YAML_VALIDATE: 'Error validating internal structure of YAML file',
  LOAD_ERR_COMPILE_CONDITION: 'Error compiling condition',
  LOAD_ERR_COMPILE_OUTPUT: 'Error compiling output',
  LOAD_ERR_VALIDATE: 'Error validating rule/macro/list/exception objects',
  LOAD_ERR_EXTENSION: 'Error in extension item',
  LOAD_UNKNOWN_SOURCE: 'Unknown source',
  LOAD_UNSAFE_NA_CHECK: 'Unsafe <NA> comparison in condition',
  LOAD_NO_EVTTYPE: 'Condition has no event-type restriction',
  LOAD_UNKNOWN_FILTER: 'Unknown field or event-type in condition or output',
  LOAD_UNUSED_MACRO: 'Unused macro',
  LOAD_UNUSED_LIST: 'Unused list',
  LOAD_UNKNOWN_ITEM: 'Unknown rules file item',
  LOAD_DEPRECATED_ITEM: 'Used deprecated item',
  LOAD_WARNING_EXTENSION: 'Extension item has a warning',
  LOAD_APPEND_NO_VALUES: 'Overriding/appending exception with no values',
  LOAD_EXCEPTION_NAME_NOT_UNIQUE: 'Multiple exceptions defined with the same name',
  LOAD_INVALID_MACRO_NAME: 'Invalid macro name',
  LOAD_INVALID_LIST_NAME: 'Invalid list name',
  LOAD_COMPILE_CONDITION: 'Condition has potential issues',
  LOAD_UNKNOWN_KEY: 'Unknown key in item',
};

/** True for `LOAD_ERR_*` codes. */
export function isErrorCode(code: LoadCode): code is ErrorCode {
  return code.startsWith('LOAD_ERR_');
}

/** Falco's item_type vocabulary, as it appears in load results. */
export type ItemType =
  | 'value for'
  | 'exceptions'
  | 'exception'
  | 'exception values'
  | 'exception value'
  | 'rules content'
  | 'rules content item'
  | 'required_engine_version'
  | 'required plugin versions'
  | 'required plugin versions entry'
  | 'required plugin versions alternative'
  | 'list'
  | 'list item'
  | 'macro'
  | 'macro condition'
  | 'rule'
  | 'rule condition'
  | 'condition expression'
  | 'rule output'
  | 'rule output expression'
  | 'rule priority'
  | 'overrides'
  | 'extension item';

/** A position in a file: 0-based line and column like Falco's YAML marks, plus the offset. */
export interface FilePosition {
  line: number;
  column: number;
  offset: number;
}

/** One load result entry: an error or a warning, pointing at the offending token. */
export interface Problem {
  code: LoadCode;
  message: string;
  itemType: ItemType;
  itemName: string;
  /** Index of the file (in load order) the position is in. */
  file: number;
  position: FilePosition;
  /** Offset where the offending token ends (for editor ranges); equals `position.offset` when unknown. */
  endOffset: number;
}

/** True when the problem is an error (its code is a `LOAD_ERR_*`). */
export function isErrorProblem(problem: Problem): boolean {
  return isErrorCode(problem.code);
}
