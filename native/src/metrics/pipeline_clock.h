// The stage clock the profiler hands to ruleset::replay_run::step: it times each loop
// iteration's stages and files them under the iteration's branch once the branch is known.
// Branches (see docs/profile-schema.md):
//   no_event  - the read delivered nothing to the rules: end of file, a read error, or an
//               event the rules never see (hidden procinfo/container metadata, state-only
//               events, enter events unless --enter-events). A file replay never waits for
//               input, so these are its counterpart of a live capture's empty polls;
//   no_match  - the rules ran on the event and none matched;
//   matched   - at least one rule matched (alerts were formatted).
// Stages nest as the loop calls them: iteration > read (inspector::next) > decode, state;
// iteration > rules (per-rule times in rule_probe.h); iteration > output. Every iteration is
// counted (from the replay's own counters); only measured iterations (all, or one in N at
// random gaps with mean N) read the tick counter: at the start (or the previous measured
// iteration's end, when they follow each other), when decoding ends, after the read, after each rule (the rule
// set's timed loop; its last tick ends the rules stage) and after the output. The gap between
// two stages is attributed to the following stage.
// No allocation, lock or syscall happens in begin/end.
#pragma once

#include <array>
#include <cstdint>

#include "metrics/histogram.h"
#include "metrics/rule_probe.h"
#include "metrics/stage_mark.h"
#include "ruleset/replay.h"

namespace studio::metrics {

enum class branch : uint8_t { no_event, no_match, matched };
constexpr size_t BRANCH_COUNT = 3;
const char* branch_name(branch b);

enum class pipeline_stage : uint8_t { iteration, read, decode, state, rules, output };
constexpr size_t STAGE_COUNT = 6;
const char* stage_name(pipeline_stage s);

class pipeline_clock {
public:
	/**
	 * `sample_every` = 1 measures every iteration, N > 1 one in N on average. The clock arms
	 * `probe` and `mark` for measured iterations and reads `stats` to learn whether an
	 * iteration's event matched.
	 */
	pipeline_clock(rule_probe& probe, stage_mark& mark, const ruleset::replay_stats& stats, uint32_t sample_every);

	void begin(ruleset::stage s) {
		if(s == ruleset::stage::read) {
			m_reads++;
			const bool follows = m_measured;
			if(follows) finish();
			if(--m_countdown == 0) start(follows);
		} else if(s == ruleset::stage::rules) {
			m_saw_rules = true;
		}
	}

	void end(ruleset::stage s) {
		if(!m_measured) return;
		switch(s) {
		case ruleset::stage::read:
			m_read_end = ticks();
			m_probe.set_chain(m_read_end);
			break;
		case ruleset::stage::rules:
			// The rule set's timed loop left the tick its last evaluation ended at.
			m_rules_end = m_probe.chain();
			break;
		case ruleset::stage::output:
			m_matched = m_stats.events_matched != m_matched_before;
			m_output_end = ticks();
			break;
		}
	}

	/**
	 * A new step begins: the last step's open iteration is filed now, and the next one takes
	 * a fresh tick, because the time in between is not the loop's (JS ran).
	 */
	void resume() {
		if(m_measured) finish();
		m_last_end = 0;
	}

	/** Files the last measured iteration; call when a run ends. */
	void close() {
		if(m_measured) finish();
		m_last_end = 0;
	}

	/**
	 * Iterations per branch, measured or not. Derived from the replay's own counters (events
	 * delivered to the rules, events matched), so unmeasured iterations cost one increment.
	 */
	uint64_t iterations(branch b) const;
	/** Measured latency of a stage in a branch, in ticks. */
	const log_histogram& stage(branch b, pipeline_stage s) const {
		if(b == branch::no_event && s == pipeline_stage::iteration) s = pipeline_stage::read;
		return m_stages[static_cast<size_t>(b)][static_cast<size_t>(s)];
	}
	uint32_t sample_every() const { return m_sample_every; }

private:
	rule_probe& m_probe;
	stage_mark& m_mark;
	const ruleset::replay_stats& m_stats;
	uint32_t m_sample_every;
	uint64_t m_rng = 0x9E3779B97F4A7C15ull;
	uint64_t m_countdown = 1;
	uint64_t m_reads = 0;
	std::array<std::array<log_histogram, STAGE_COUNT>, BRANCH_COUNT> m_stages{};

	// The open measured iteration.
	bool m_measured = false;
	bool m_saw_rules = false;
	bool m_matched = false;
	uint64_t m_matched_before = 0;
	uint64_t m_start = 0;
	uint64_t m_read_end = 0;
	uint64_t m_rules_end = 0;
	uint64_t m_output_end = 0;
	/** The tick the previous measured iteration ended at, when the loop ran on since (else 0). */
	uint64_t m_last_end = 0;

	void start(bool follows) {
		m_countdown = next_gap();
		m_measured = true;
		m_saw_rules = false;
		m_matched = false;
		m_matched_before = m_stats.events_matched;
		m_probe.arm(true);
		m_mark.armed = true;
		m_mark.at = 0;
		// Back-to-back measured iterations share a tick: this one starts where the last ended.
		m_start = follows && m_last_end != 0 ? m_last_end : ticks();
	}
	uint64_t next_gap();
	void finish();
};

}  // namespace studio::metrics
