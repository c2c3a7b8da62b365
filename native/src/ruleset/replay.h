// The replay loop: read an event and apply it to state (inspector), run the rule set on it,
// format the alerts, write JSON lines. The three stages are separate functions and the loop
// is a template over a stage clock, so the profiler can time each stage per run while the
// default no_stage_clock compiles to nothing. Which events reach the rules:
//   * hidden meta events (procinfo, container) and state-only events never do: `sysdig -r`
//     does not show them either;
//   * enter events (`>`) only with replay_options::enter_events (Falco 0.35 / sysdig 0.29.3);
//     by default rules see exit events only, like current Falco.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "fields/extractor.h"
#include "ruleset/alert_writer.h"
#include "ruleset/ruleset.h"
#include "schema/event_table.h"
#include "state/inspector.h"

namespace studio::ruleset {

struct replay_options {
	rule_matching matching = rule_matching::first;
	bool enter_events = false;
	/** Also stream events that raised no alert (see alert_writer.h). */
	bool all_events = false;
};

struct replay_stats {
	uint64_t events_read = 0;
	uint64_t events_delivered = 0;
	uint64_t events_matched = 0;
	uint64_t alerts = 0;
};

/** Receives chunks of JSON lines; `chunk` may be moved from. */
class line_sink {
public:
	virtual ~line_sink() = default;
	virtual void write(std::string& chunk) = 0;
};

/** The pipeline stages a clock may time. */
enum class stage : uint8_t { read, rules, output };

/** The default clock: no timing at all. */
struct no_stage_clock {
	void begin(stage) {}
	void end(stage) {}
};

/** Reusable state of one replay (buffers, the evt.type extractor for --all-events). */
class replay_run {
public:
	replay_run(state::inspector& inspector, ruleset& rules, const replay_options& options, line_sink& sink);

	/** How a bounded run ended. */
	enum class step_status { more, done, failed };

	/**
	 * Runs until `max_events` more events were read, or to the end of the capture. `failed`
	 * sets `error` when the capture is corrupt (what was read before stays valid).
	 */
	template <typename Clock>
	step_status step(Clock& clock, uint64_t max_events, std::string& error) {
		for(uint64_t n = 0; n < max_events; n++) {
			clock.begin(stage::read);
			reader::read_status status = m_inspector.next();
			clock.end(stage::read);
			if(status != reader::read_status::event) return finish(status, error) ? step_status::done : step_status::failed;
			const state::event_context& ctx = m_inspector.current();
			if(!delivered(ctx)) continue;
			clock.begin(stage::rules);
			m_matched.clear();
			m_rules.run(ctx, m_options.matching, m_matched);
			clock.end(stage::rules);
			clock.begin(stage::output);
			emit(ctx);
			clock.end(stage::output);
		}
		flush();
		return step_status::more;
	}

	/** Runs to the end of the capture. False with `error` set when the capture is corrupt. */
	bool run(std::string& error) {
		no_stage_clock clock;
		step_status status;
		do {
			status = step(clock, UINT64_MAX, error);
		} while(status == step_status::more);
		return status == step_status::done;
	}

	const replay_stats& stats() const { return m_stats; }
	/** The final {"summary":...} line (with newline). */
	std::string summary_line() const;

private:
	state::inspector& m_inspector;
	ruleset& m_rules;
	replay_options m_options;
	line_sink& m_sink;
	replay_stats m_stats;
	std::vector<uint32_t> m_matched;
	std::string m_pending;
	std::string m_text;
	std::unique_ptr<fields::extractor> m_evt_type;
	std::vector<fields::field_value> m_values;

	bool delivered(const state::event_context& ctx) {
		if(ctx.hidden || ctx.state_only || ctx.info == nullptr) return false;
		if(!m_options.enter_events && schema::is_enter(ctx.evt->type)) return false;
		m_stats.events_delivered++;
		return true;
	}
	void emit(const state::event_context& ctx);
	void flush();
	bool finish(reader::read_status status, std::string& error);
};

}  // namespace studio::ruleset
