// Per-rule latency slots: what the rule set's timed loop writes into when a profiler is
// attached (ruleset::set_probe). One slot per rule id, allocated once before the run, split
// into evaluations that did not match and evaluations that matched. The probe is attached only
// while the events being measured run (the whole run, or one event in N when sampling); the
// rule set checks for it once per event and otherwise runs its plain loop. Evaluation and match counts of
// every event stay in the rule set itself (ruleset::evaluations/matches), so profile and
// replay count the same way. Nothing here allocates after `reset`.
#pragma once

#include <cstdint>
#include <vector>

#include "metrics/cycle_clock.h"
#include "metrics/histogram.h"

namespace studio::metrics {

/** The latency of one rule's measured evaluations. */
struct rule_slot {
	log_histogram not_matched;
	log_histogram matched;
};

class rule_probe {
public:
	/** Allocates one slot per rule id; `overhead_ticks` is subtracted from every sample. */
	void reset(size_t n_rules, uint64_t overhead_ticks) {
		m_slots.assign(n_rules, rule_slot{});
		m_overhead = overhead_ticks;
	}

	/** Records one evaluation of `rule_id` that took `elapsed` ticks (timer cost included). */
	void record(uint32_t rule_id, bool matched, uint64_t elapsed) {
		uint64_t value = elapsed > m_overhead ? elapsed - m_overhead : 0;
		rule_slot& slot = m_slots[rule_id];
		(matched ? slot.matched : slot.not_matched).record(value);
	}

	/**
	 * The tick chain: the clock sets it to the tick the rules stage begins at (start_at); the
	 * timed loop starts from it (chain_start) and leaves the tick of its last evaluation's end
	 * (set_chain), which the clock takes as the stage's end. Saves two tick reads per measured
	 * event. start_at(0) leaves the start open: the loop reads it only when the event has a
	 * rule to evaluate, so an event without one costs no tick at all (first() stays 0).
	 */
	uint64_t chain() const { return m_chain; }
	void set_chain(uint64_t tick) { m_chain = tick; }
	void start_at(uint64_t tick) { m_chain = m_first = tick; }
	uint64_t chain_start() {
		if(m_chain == 0) m_chain = m_first = ticks();
		return m_chain;
	}
	/** The tick the rules stage began at, 0 when it was left open and nothing was evaluated. */
	uint64_t first() const { return m_first; }

	const std::vector<rule_slot>& slots() const { return m_slots; }

private:
	std::vector<rule_slot> m_slots;
	uint64_t m_overhead = 0;
	uint64_t m_chain = 0;
	uint64_t m_first = 0;
};

}  // namespace studio::metrics
