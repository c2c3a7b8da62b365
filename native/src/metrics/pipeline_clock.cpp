// Names of branches and stages, split gaps (see pipeline_clock.h).
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
                               bool time_empty_output, uint32_t split_every):
        m_probe(probe),
        m_mark(mark),
        m_stats(stats),
        m_time_empty_output(time_empty_output),
        m_split_every(split_every == 0 ? 1 : split_every) {}

uint64_t pipeline_clock::next_split_gap() {
	if(m_split_every == 1) return 1;
	// xorshift64: random gaps, so the split reads do not lock onto a period of the capture.
	m_rng ^= m_rng << 13;
	m_rng ^= m_rng >> 7;
	m_rng ^= m_rng << 17;
	// 1 .. 2 * split_every - 1 by a multiply and shift, not a division.
	const uint64_t span = 2 * static_cast<uint64_t>(m_split_every) - 1;
	return 1 + (((m_rng >> 32) * span) >> 32);
}

}  // namespace studio::metrics
