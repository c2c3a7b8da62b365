/**
 * What a check returns: a code, Falco's message and the range of the offending token in
 * the text the node was parsed from. The compiler maps ranges to files and attaches the
 * item; checks never see files or items.
 */
import { type Range } from '../condition';
import { type LoadCode } from '../rules/loadCodes';
import { type FieldCatalog } from '../fields';

/** One problem found by a check. */
export interface Finding {
  code: LoadCode;
  message: string;
  range: Range;
}

/** What condition checks may consult. */
export interface CheckEnv {
  source: string;
  catalog: FieldCatalog;
}
