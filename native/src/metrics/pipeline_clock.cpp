// Names of branches and stages, split gaps (see pipeline_clock.h).
#include "metrics/pipeline_clock.h"

#include <utility>

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
        m_split_every(split_every == 0 ? 1 : split_every),
        m_lazy(!time_empty_output) {}

void pipeline_clock::close() {
	if(m_open) end_no_event();
	if(m_pending_no_event + m_pending_no_match > 0) file_span(ticks(), nullptr);
	m_span_start = 0;
}

uint64_t pipeline_clock::file_span(uint64_t end, const branch* closer) {
	uint64_t no_event = m_pending_no_event;
	uint64_t no_match = m_pending_no_match;
	m_pending_no_event = 0;
	m_pending_no_match = 0;
	m_shared_reads += no_event + no_match;
	if(closer == nullptr) m_span_ticks++;
	const uint64_t span = end - m_span_start;
	const uint64_t members = no_event + no_match + (closer != nullptr ? 1 : 0);
	// A span is short (well below 2^32 ticks): a 32-bit division is several times cheaper.
	uint64_t share;
	uint64_t rest;
	if(span <= UINT32_MAX && members <= UINT32_MAX) {
		share = static_cast<uint32_t>(span) / static_cast<uint32_t>(members);
		rest = static_cast<uint32_t>(span) % static_cast<uint32_t>(members);
	} else {
		share = span / members;
		rest = span % members;
	}
	// Without a closer, one pending iteration takes the remainder (so the shares add up).
	uint64_t last_no_event = 0;
	uint64_t last_no_match = 0;
	if(closer == nullptr) {
		if(no_match > 0) {
			no_match--;
			last_no_match = 1;
		} else {
			no_event--;
			last_no_event = 1;
		}
	}
	at(branch::no_event, pipeline_stage::read).record_n(share, no_event);
	at(branch::no_event, pipeline_stage::read).record_n(share + rest, last_no_event);
	// A delivered iteration without an evaluation: its rules stage (the index lookup) is in
	// its share, its rules sample is 0, its iteration is its share.
	if(no_match + last_no_match > 0) {
		for(const auto& [n, value] : {std::pair{no_match, share}, std::pair{last_no_match, share + rest}}) {
			at(branch::no_match, pipeline_stage::read).record_n(value, n);
			at(branch::no_match, pipeline_stage::rules).record_n(0, n);
			at(branch::no_match, pipeline_stage::iteration).record_n(value, n);
		}
	}
	return share + rest;
}

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
