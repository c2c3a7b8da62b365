// Filing finished iterations and drawing sampling gaps (see pipeline_clock.h).
#include "metrics/pipeline_clock.h"

namespace studio::metrics {

const char* branch_name(branch b) {
	switch(b) {
	case branch::no_event: return "no_event";
	case branch::no_match: return "no_match";
	case branch::matched: return "matched";
	}
	return "?";
}

const char* stage_name(pipeline_stage s) {
	switch(s) {
	case pipeline_stage::iteration: return "iteration";
	case pipeline_stage::read: return "read";
	case pipeline_stage::decode: return "decode";
	case pipeline_stage::state: return "state";
	case pipeline_stage::rules: return "rules";
	case pipeline_stage::output: return "output";
	}
	return "?";
}

pipeline_clock::pipeline_clock(rule_probe& probe, stage_mark& mark, const ruleset::replay_stats& stats,
                               uint32_t sample_every):
        m_probe(probe), m_mark(mark), m_stats(stats), m_sample_every(sample_every == 0 ? 1 : sample_every) {}

uint64_t pipeline_clock::next_gap() {
	if(m_sample_every == 1) return 1;
	// xorshift64: a fixed seed keeps runs comparable; random gaps avoid locking onto a period
	// of the capture (inflated captures repeat every few thousand events).
	m_rng ^= m_rng << 13;
	m_rng ^= m_rng >> 7;
	m_rng ^= m_rng << 17;
	return 1 + m_rng % (2 * static_cast<uint64_t>(m_sample_every) - 1);
}

uint64_t pipeline_clock::iterations(branch b) const {
	switch(b) {
	case branch::no_event: return m_reads - m_stats.events_delivered;
	case branch::no_match: return m_stats.events_delivered - m_stats.events_matched;
	case branch::matched: return m_stats.events_matched;
	}
	return 0;
}

void pipeline_clock::finish() {
	m_measured = false;
	m_probe.arm(false);
	m_mark.armed = false;
	branch b = !m_saw_rules ? branch::no_event : (m_matched ? branch::matched : branch::no_match);
	auto& stages = m_stages[static_cast<size_t>(b)];
	auto at = [&](pipeline_stage s) -> log_histogram& { return stages[static_cast<size_t>(s)]; };
	at(pipeline_stage::read).record(m_read_end - m_start);
	if(m_mark.at != 0 && m_mark.at >= m_start && m_mark.at <= m_read_end) {
		at(pipeline_stage::decode).record(m_mark.at - m_start);
		at(pipeline_stage::state).record(m_read_end - m_mark.at);
	} else {
		at(pipeline_stage::decode).record(m_read_end - m_start);
	}
	uint64_t end = m_read_end;
	if(m_saw_rules) {
		at(pipeline_stage::rules).record(m_rules_end - m_read_end);
		at(pipeline_stage::output).record(m_output_end - m_rules_end);
		end = m_output_end;
	}
	// A no_event iteration is its read: one histogram serves both (see stage()).
	if(m_saw_rules) at(pipeline_stage::iteration).record(end - m_start);
	m_last_end = end;
}

}  // namespace studio::metrics
