// Setting up and stepping a profiled replay (see profile_run.h).
#include "metrics/profile_run.h"

#include <chrono>
#include <ctime>

#include "metrics/profile_json.h"

namespace studio::metrics {

namespace {
/**
 * With every event measured, one read in this many (on average) is split into decode and state:
 * a split read ticks at both ends (and after decoding), so it costs up to three tick reads. 32
 * leaves ~48 k split reads per 1.5 M events, plenty for the stages' percentiles; 8 cost ~12 ms
 * more per 200 ms replay (native A/B, docs/profile-schema.md).
 */
constexpr uint32_t k_split_every = 32;
}  // namespace

bool profile_run::open(filter::compiled_rule_set set, const std::string& capture, const profile_options& options,
                       std::string& error) {
	// 1. Rule set and slots: every allocation happens here, before the first event.
	m_options = options;
	const size_t n_rules = set.rules.size();
	m_rules = std::make_unique<ruleset::ruleset>();
	m_rules->load(std::move(set), options.selection, m_problems);
	m_inspector = std::make_unique<state::inspector>();
	m_run = std::make_unique<ruleset::replay_run>(*m_inspector, *m_rules, options.replay, m_sink);
	if(options.sample_every > 0) {
		m_probe.reset(n_rules, calibration().overhead_ticks);
		// Full profiling splits one read in SPLIT_EVERY (a tick per read costs more than any other
		// single part of the profiler); sampled reads are few, so each is split.
		const uint32_t full_split = options.split_every != 0 ? options.split_every : k_split_every;
		const uint32_t split_every = options.sample_every == 1 ? full_split : 1;
		m_clock = std::make_unique<pipeline_clock>(m_probe, m_mark, m_run->stats(), options.replay.all_events,
		                                           split_every);
		// Every event measured: attached for good. Sampling attaches per measured iteration.
		if(options.sample_every == 1) attach(true);
	}
	// 2. Capture.
	if(!m_inspector->open_file(capture)) {
		error = "cannot open capture '" + capture + "': " + m_inspector->error().message;
		return false;
	}
	return true;
}

namespace {

/**
 * The plain replay loop, nothing attached. Out of line on purpose: plain runs and the
 * unsampled stretches of sampled runs execute the very same machine code.
 */
__attribute__((noinline)) ruleset::replay_run::step_status plain_step(ruleset::replay_run& run, uint64_t max_events,
                                                                       std::string& error) {
	ruleset::no_stage_clock none;
	return run.step(none, max_events, error);
}

/** CPU time of the calling thread in ns (a syscall: per step, never per event). */
uint64_t thread_cpu_ns() {
	timespec ts{};
	if(clock_gettime(CLOCK_THREAD_CPUTIME_ID, &ts) != 0) return 0;
	return static_cast<uint64_t>(ts.tv_sec) * 1000000000ull + static_cast<uint64_t>(ts.tv_nsec);
}

}  // namespace

ruleset::replay_run::step_status profile_run::step(uint64_t max_events, std::string& error) {
	auto started = std::chrono::steady_clock::now();
	const uint64_t cpu_started = thread_cpu_ns();
	ruleset::replay_run::step_status status;
	if(!m_clock) {
		status = plain_step(*m_run, max_events, error);
	} else if(m_options.sample_every == 1) {
		m_clock->resume();
		status = m_run->step(*m_clock, max_events, error);
		// The pending span ends with the step (its last flush included), not at the next one.
		m_clock->close();
	} else {
		status = step_sampled(max_events, error);
	}
	m_ended = status != ruleset::replay_run::step_status::more;
	m_run_cpu_ns += thread_cpu_ns() - cpu_started;
	m_run_ns += static_cast<uint64_t>(
	        std::chrono::duration_cast<std::chrono::nanoseconds>(std::chrono::steady_clock::now() - started).count());
	return status;
}

ruleset::replay_run::step_status profile_run::step_sampled(uint64_t max_events, std::string& error) {
	auto status = ruleset::replay_run::step_status::more;
	uint64_t left = max_events;
	while(left > 0 && status == ruleset::replay_run::step_status::more) {
		if(m_plain_left > 0) {
			// The plain loop, nothing attached: exactly what sample_every 0 runs.
			const uint64_t n = m_plain_left < left ? m_plain_left : left;
			status = plain_step(*m_run, n, error);
			m_plain_left -= n;
			left -= n;
			continue;
		}
		attach(true);
		m_clock->resume();
		status = m_run->step(*m_clock, 1, error);
		m_clock->close();
		attach(false);
		left--;
		m_plain_left = next_gap() - 1;
	}
	return status;
}

uint64_t profile_run::next_gap() {
	// xorshift64: a fixed seed keeps runs comparable; random gaps avoid locking onto a period
	// of the capture (inflated captures repeat every few thousand events).
	m_rng ^= m_rng << 13;
	m_rng ^= m_rng >> 7;
	m_rng ^= m_rng << 17;
	// 1 .. 2 * sample_every - 1 by a multiply and shift, not a division.
	const uint64_t span = 2 * static_cast<uint64_t>(m_options.sample_every) - 1;
	return 1 + (((m_rng >> 32) * span) >> 32);
}

void profile_run::attach(bool on) {
	m_rules->set_probe(on ? &m_probe : nullptr);
	m_inspector->set_stage_mark(on ? &m_mark : nullptr);
}

uint64_t profile_run::iterations(branch b) const {
	const ruleset::replay_stats& stats = m_run->stats();
	const uint64_t reads = m_inspector->events_read() + (m_ended ? 1 : 0);
	switch(b) {
	case branch::no_event: return reads - stats.events_delivered;
	case branch::no_match: return stats.events_delivered - stats.events_matched;
	case branch::matched: return stats.events_matched;
	}
	return 0;
}

std::string profile_run::result_json() const { return write_profile_json(*this); }

}  // namespace studio::metrics
