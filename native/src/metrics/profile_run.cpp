// Setting up and stepping a profiled replay (see profile_run.h).
#include "metrics/profile_run.h"

#include <chrono>
#include <ctime>

#include "metrics/profile_json.h"

namespace studio::metrics {

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
		m_clock = std::make_unique<pipeline_clock>(m_probe, m_mark, m_run->stats(), options.sample_every);
		m_rules->set_probe(&m_probe);
		m_inspector->set_stage_mark(&m_mark);
	}
	// 2. Capture.
	if(!m_inspector->open_file(capture)) {
		error = "cannot open capture '" + capture + "': " + m_inspector->error().message;
		return false;
	}
	return true;
}

namespace {

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
	if(m_clock) {
		m_clock->resume();
		status = m_run->step(*m_clock, max_events, error);
		if(status != ruleset::replay_run::step_status::more) m_clock->close();
	} else {
		ruleset::no_stage_clock none;
		status = m_run->step(none, max_events, error);
	}
	m_run_cpu_ns += thread_cpu_ns() - cpu_started;
	m_run_ns += static_cast<uint64_t>(
	        std::chrono::duration_cast<std::chrono::nanoseconds>(std::chrono::steady_clock::now() - started).count());
	return status;
}

std::string profile_run::result_json() const { return write_profile_json(*this); }

}  // namespace studio::metrics
