// One profiled replay of a capture against a compiled rule set: the same replay_run loop that
// `falco-studio replay` uses, with the pipeline clock, the rule probe and the inspector's stage
// mark attached, alerts formatted but discarded. Runs in bounded steps so the engine process
// can report progress and honour cancellation between them. `sample_every` 0 attaches nothing
// (plain replay, the overhead baseline), 1 measures every event, N one event in N: sampling
// runs the plain loop (nothing attached, the very code of sample_every 0) for a random gap of
// mean N iterations, then one iteration with the clock, the probe and the mark attached.
// It does not aggregate several runs or convert ticks to time (server/src/profile does).
#pragma once

#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "filter/compiled_rule_set.h"
#include "metrics/pipeline_clock.h"
#include "metrics/rule_probe.h"
#include "metrics/stage_mark.h"
#include "ruleset/replay.h"
#include "ruleset/ruleset.h"
#include "state/inspector.h"

namespace studio::metrics {

struct profile_options {
	/** 0: no profiling (baseline); 1: every event; N: one event in N on average. */
	uint32_t sample_every = 1;
	/**
	 * With every event measured, one read in this many (on average) is split into decode and
	 * state; 0 takes the default (profile_run.cpp). Sampled runs split every measured read.
	 */
	uint32_t split_every = 0;
	ruleset::replay_options replay;
	ruleset::selection_options selection;
};

class profile_run {
public:
	/**
	 * Loads the rule set and opens the capture. Rules that cannot be built are in problems()
	 * and left out. False with `error` set when the capture cannot be opened.
	 */
	bool open(filter::compiled_rule_set set, const std::string& capture, const profile_options& options,
	          std::string& error);

	const std::vector<ruleset::rule_problem>& problems() const { return m_problems; }

	/** Replays up to `max_events` more events; see replay_run::step. */
	ruleset::replay_run::step_status step(uint64_t max_events, std::string& error);

	uint64_t offset() const { return m_inspector->offset(); }
	uint64_t events_read() const { return m_inspector->events_read(); }
	const ruleset::ruleset& rules() const { return *m_rules; }
	const pipeline_clock& clock() const { return *m_clock; }
	/**
	 * Loop iterations per branch, measured or not, from the replay's own counters: every read
	 * (the events read and the final end-of-file or failed read), events delivered, matched.
	 */
	uint64_t iterations(branch b) const;
	const rule_probe& probe() const { return m_probe; }
	const ruleset::replay_stats& stats() const { return m_run->stats(); }
	uint32_t sample_every() const { return m_options.sample_every; }
	/** Steady-clock time spent inside step(), in ns. */
	uint64_t run_ns() const { return m_run_ns; }
	/** CPU time of the engine thread inside step(), in ns (less sensitive to a busy host). */
	uint64_t run_cpu_ns() const { return m_run_cpu_ns; }

	/** The run's raw results as JSON (format in profile_json.h). Call after the last step. */
	std::string result_json() const;

private:
	struct discard_sink final : ruleset::line_sink {
		uint64_t bytes = 0;
		void write(std::string& chunk) override { bytes += chunk.size(); }
	};

	profile_options m_options;
	std::vector<ruleset::rule_problem> m_problems;
	std::unique_ptr<state::inspector> m_inspector;
	std::unique_ptr<ruleset::ruleset> m_rules;
	std::unique_ptr<ruleset::replay_run> m_run;
	std::unique_ptr<pipeline_clock> m_clock;
	rule_probe m_probe;
	stage_mark m_mark;
	discard_sink m_sink;
	uint64_t m_run_ns = 0;
	uint64_t m_run_cpu_ns = 0;
	bool m_ended = false;
	/** Sampling: plain iterations left before the next measured one, and the gap generator. */
	uint64_t m_plain_left = 0;
	uint64_t m_rng = 0x9E3779B97F4A7C15ull;

	ruleset::replay_run::step_status step_sampled(uint64_t max_events, std::string& error);
	/** A random gap with mean sample_every (1 .. 2 * sample_every - 1). */
	uint64_t next_gap();
	void attach(bool on);
};

}  // namespace studio::metrics
