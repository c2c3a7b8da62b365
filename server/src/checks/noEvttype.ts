/**
 * LOAD_NO_EVTTYPE (warning): a syscall rule whose event-type set holds more than 100 event
 * codes (codes, not names: every enter/exit version counts) while `warn_evttypes` is true.
 * Falco 0.35–0.44.1 also warned for an empty set; libs HEAD no longer does, nor do we.
 */
import { NO_EVTTYPE_THRESHOLD, type EventSet } from '../expand/evttypes';
import { type CollectedRule } from '../rules/collector';
import { rawProblem, type RawProblem } from '../rules/problems';

/** The warning for a rule matching too many event types, if any. */
export function noEvttypeProblem(rule: CollectedRule, eventSet: EventSet): RawProblem | undefined {
  if (!rule.warnEvttypes || eventSet.size() <= NO_EVTTYPE_THRESHOLD) {
    return undefined;
  }
  return rawProblem(
    'LOAD_NO_EVTTYPE',
    'Rule matches too many evt.type values. This has a significant performance penalty.',
    'rule',
    rule.name,
    rule.span,
  );
}
