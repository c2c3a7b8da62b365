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
// an iteration is the previous iteration's last tick when they follow each other in one step;
// decoding's end (stage_mark.h), on one read in `split_every` (random gaps with that mean: a
// tick per read would be the largest single cost of full profiling); the rules stage's start,
// which begins the rule set's chain of one tick per evaluation (its last tick ends the rules
// stage); and the output's end, only when the output stage has work (alerts to format, or
// --all-events lines): otherwise the iteration ends with its rules and the output's empty
// check falls into the next read. The gap between two stages is attributed to the following
// stage. Unless --all-events, the rules stage's start is read lazily (rule_probe::start_at(0)):
// an iteration that evaluates no rule reads no tick at all, and the next tick closes a span of
// such iterations plus the read it ends, filed as equal shares, one read sample per iteration
// (file_span; docs/profile-schema.md says what such a sample means). Split reads always tick
// at both ends. profile_run closes every step, so a span never holds time outside the loop.
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
		if(m_open) end_no_event();
		open();
	}

	void end(ruleset::stage s) {
		if(s == ruleset::stage::read) {
			// An eager read ends with a tick; a lazy one leaves the rules stage's start open
			// (the rule set reads it before its first evaluation, if there is one).
			m_read_end = m_eager ? ticks() : 0;
			m_probe.start_at(m_read_end);
		} else if(s == ruleset::stage::output) {
			file_delivered();
		}
	}

	/**
	 * A new step begins: the next iteration takes a fresh tick, because the time since the
	 * last step is not the loop's (JS ran). Call close() when a step returns: what is still
	 * pending here is closed now, the time in between included.
	 */
	void resume() {
		if(m_open || m_pending_no_event + m_pending_no_match > 0) close();
		m_span_start = 0;
	}

	/** Files the open iteration and the pending span with one tick; call when a step returns. */
	void close();

	uint32_t split_every() const { return m_split_every; }
	/** Iterations filed as a share of a span (they read no tick of their own). */
	uint64_t shared_reads() const { return m_shared_reads; }
	/** Ticks read only to close a span (before a split read, at the end of a step). */
	uint64_t span_ticks() const { return m_span_ticks; }

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

	/** Delivered iterations without a rule evaluation may leave their read's end open. */
	const bool m_lazy;
	// The span the next tick closes: it began at m_span_start (0: the next iteration takes a
	// fresh tick) and holds these whole iterations, which read no tick of their own.
	uint64_t m_span_start = 0;
	uint64_t m_pending_no_event = 0;
	uint64_t m_pending_no_match = 0;
	uint64_t m_shared_reads = 0;
	uint64_t m_span_ticks = 0;

	// The open iteration.
	bool m_open = false;
	/** Its read ends with a tick (split reads, and every read unless m_lazy). */
	bool m_eager = true;
	uint64_t m_matched_before = 0;
	/** Its start when no span is pending (else the span's). */
	uint64_t m_start = 0;
	/** Its read's end, 0 when left open. */
	uint64_t m_read_end = 0;

	void open() {
		m_open = true;
		m_matched_before = m_stats.events_matched;
		m_mark.at = 0;
		const bool armed = --m_split_countdown == 0;
		m_mark.armed = armed;
		m_eager = armed || !m_lazy;
		if(m_span_start == 0) {
			m_span_start = ticks();
		} else if(armed && m_pending_no_event + m_pending_no_match > 0) {
			// A split read needs its own start: the pending span ends here.
			const uint64_t now = ticks();
			file_span(now, nullptr);
			m_span_start = now;
		}
		m_start = m_span_start;
	}

	uint64_t next_split_gap();
	log_histogram& at(branch b, pipeline_stage s) { return m_stages[static_cast<size_t>(b)][static_cast<size_t>(s)]; }

	/**
	 * Files the pending span ending at `end` as equal shares, one per iteration, and returns
	 * the share of the iteration that closes it (`closer`, whose read ends at `end`); without
	 * a closer the remainder of the division goes to one pending iteration. Totals stay exact.
	 */
	uint64_t file_span(uint64_t end, const branch* closer);

	/** Files a read that began at m_start with nothing pending (and its split) under `b`. */
	void file_exact_read(branch b, uint64_t read_end) {
		at(b, pipeline_stage::read).record(read_end - m_start);
		if(m_mark.armed) {
			m_split_countdown = next_split_gap();
			const uint64_t mark = m_mark.at;
			if(mark >= m_start && mark <= read_end) {
				at(b, pipeline_stage::decode).record(mark - m_start);
				at(b, pipeline_stage::state).record(read_end - mark);
			} else {
				at(b, pipeline_stage::decode).record(read_end - m_start);
			}
		}
	}

	/** The open iteration delivered nothing to the rules: filed now, or joins the span. */
	void end_no_event() {
		m_open = false;
		if(m_read_end == 0) {
			m_pending_no_event++;
			return;
		}
		// A no_event iteration is its read: one histogram serves both (see stage()).
		file_exact_read(branch::no_event, m_read_end);
		m_span_start = m_read_end;
	}

	/** Files an iteration that ran the rules, once its output is done. */
	void file_delivered() {
		m_open = false;
		const bool matched = m_stats.events_matched != m_matched_before;
		uint64_t read_end = m_probe.first();
		if(read_end == 0) {
			// Nothing evaluated and no output to time: the iteration joins the span.
			if(!matched && !m_time_empty_output) {
				m_pending_no_match++;
				return;
			}
			// Output without an evaluation (not in a real rule set: a match needs one).
			read_end = ticks();
			m_probe.set_chain(read_end);
		}
		const branch b = matched ? branch::matched : branch::no_match;
		uint64_t read;
		if(m_pending_no_event + m_pending_no_match == 0) {
			read = read_end - m_start;
			file_exact_read(b, read_end);
		} else {
			read = file_span(read_end, &b);
			at(b, pipeline_stage::read).record(read);
		}
		// The rule set's timed loop left the tick its last evaluation ended at.
		const uint64_t rules_end = m_probe.chain();
		at(b, pipeline_stage::rules).record(rules_end - read_end);
		uint64_t end = rules_end;
		if(matched || m_time_empty_output) {
			end = ticks();
			at(b, pipeline_stage::output).record(end - rules_end);
		}
		at(b, pipeline_stage::iteration).record(read + (end - read_end));
		m_span_start = end;
	}
};

}  // namespace studio::metrics
