// The stage clock the profiler hands to ruleset::replay_run::step: it times every loop
// iteration it is given and files its stages under the iteration's branch once the branch is
// known. It does not sample: profile_run hands it only the iterations to measure (all of them,
// or one in N while the rest run the plain loop with nothing attached).
// Branches (see docs/profile-schema.md):
//   no_event  - the read delivered nothing to the rules: end of file, a read error, or an
//               event the rules never see (hidden procinfo/container metadata, state-only
//               events, enter events unless --enter-events). A file replay never waits for
//               input, so these are its counterpart of a live capture's empty polls;
//   no_match  - the rules ran on the event and none matched;
//   matched   - at least one rule matched (alerts were formatted).
// Stages nest as the loop calls them: iteration > read (inspector::next) > decode, state;
// iteration > rules (per-rule times in rule_probe.h); iteration > output. The tick counter is
// read at the boundaries only, each tick ending one stage and starting the next: the start of
// an iteration is the previous measured iteration's end when they follow each other in one
// step; decoding's end (stage_mark.h), on one measured read in `split_every` (random gaps with
// that mean: a tick per read would be the largest single cost of full profiling); the read's end, which starts the rule set's chain of one
// tick per evaluation (its last tick ends the rules stage); and the output's end, only when
// the output stage has work (alerts to format, or --all-events lines): otherwise the iteration
// ends with its rules and the output's empty check falls into the next read. The gap between
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
	 * `probe` carries the tick chain through the rule set, `mark` is the inspector's decode
	 * mark, `stats` tells whether an iteration's event matched. `time_empty_output`: time the
	 * output stage of iterations without alerts too (set with --all-events, which writes a line
	 * for them). `split_every` 1 splits every read into decode and state, N one read in N.
	 */
	pipeline_clock(rule_probe& probe, stage_mark& mark, const ruleset::replay_stats& stats, bool time_empty_output,
	               uint32_t split_every);

	void begin(ruleset::stage s) {
		if(s != ruleset::stage::read) return;
		// Still open: the last iteration delivered nothing to the rules.
		if(m_open) file_read(branch::no_event);
		open();
	}

	void end(ruleset::stage s) {
		if(s == ruleset::stage::read) {
			m_read_end = ticks();
			m_probe.set_chain(m_read_end);
		} else if(s == ruleset::stage::output) {
			file_delivered();
		}
	}

	/**
	 * A new step begins: the last step's open iteration is filed now, and the next one takes
	 * a fresh tick, because the time in between is not the loop's (JS ran).
	 */
	void resume() {
		if(m_open) file_read(branch::no_event);
		m_last_end = 0;
	}

	/** Files the open iteration; call when a step or a run ends. */
	void close() { resume(); }

	uint32_t split_every() const { return m_split_every; }

	/** Measured latency of a stage in a branch, in ticks. */
	const log_histogram& stage(branch b, pipeline_stage s) const {
		if(b == branch::no_event && s == pipeline_stage::iteration) s = pipeline_stage::read;
		return m_stages[static_cast<size_t>(b)][static_cast<size_t>(s)];
	}

private:
	rule_probe& m_probe;
	stage_mark& m_mark;
	const ruleset::replay_stats& m_stats;
	const bool m_time_empty_output;
	const uint32_t m_split_every;
	/** Measured reads left until the next split one, and the gap generator. */
	uint64_t m_split_countdown = 1;
	uint64_t m_rng = 0x2545F4914F6CDD1Dull;
	std::array<std::array<log_histogram, STAGE_COUNT>, BRANCH_COUNT> m_stages{};

	// The open iteration.
	bool m_open = false;
	uint64_t m_matched_before = 0;
	uint64_t m_start = 0;
	uint64_t m_read_end = 0;
	/** The tick the previous iteration ended at, when the loop ran on since (else 0). */
	uint64_t m_last_end = 0;

	void open() {
		m_open = true;
		m_matched_before = m_stats.events_matched;
		m_mark.at = 0;
		m_mark.armed = --m_split_countdown == 0;
		// Iterations that follow each other share a tick: this one starts where the last ended.
		m_start = m_last_end != 0 ? m_last_end : ticks();
	}

	uint64_t next_split_gap();
	log_histogram& at(branch b, pipeline_stage s) { return m_stages[static_cast<size_t>(b)][static_cast<size_t>(s)]; }

	/** Files the read of the open iteration (and its split) under `b`; it ends the iteration. */
	void file_read(branch b) {
		m_open = false;
		const uint64_t start = m_start;
		const uint64_t read_end = m_read_end;
		// A no_event iteration is its read: one histogram serves both (see stage()).
		at(b, pipeline_stage::read).record(read_end - start);
		if(m_mark.armed) {
			m_split_countdown = next_split_gap();
			const uint64_t mark = m_mark.at;
			if(mark >= start && mark <= read_end) {
				at(b, pipeline_stage::decode).record(mark - start);
				at(b, pipeline_stage::state).record(read_end - mark);
			} else {
				at(b, pipeline_stage::decode).record(read_end - start);
			}
		}
		m_last_end = read_end;
	}

	/** Files an iteration that ran the rules, once its output is done. */
	void file_delivered() {
		const bool matched = m_stats.events_matched != m_matched_before;
		const branch b = matched ? branch::matched : branch::no_match;
		file_read(b);
		// The rule set's timed loop left the tick its last evaluation ended at.
		const uint64_t rules_end = m_probe.chain();
		at(b, pipeline_stage::rules).record(rules_end - m_read_end);
		uint64_t end = rules_end;
		if(matched || m_time_empty_output) {
			end = ticks();
			at(b, pipeline_stage::output).record(end - rules_end);
		}
		at(b, pipeline_stage::iteration).record(end - m_start);
		m_last_end = end;
	}
};

}  // namespace studio::metrics
