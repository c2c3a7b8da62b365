// The rule set an engine run evaluates: the selected rules of a compiled rule set, each with
// its evaluation tree and output formatter built once, and the event-type index that Falco's
// evttype_index_ruleset keeps: per event code, the ids of the rules indexed under it, in load
// order, with the rules whose set is "all" merged into every code's list. Rule ids are the
// dense ids of the compiled rule set, so per-rule counters are plain arrays.
// It does not read captures or print alerts (replay.h does).
#pragma once

#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "filter/compiled_rule_set.h"
#include "filter/tree.h"
#include "metrics/rule_probe.h"
#include "ruleset/output_formatter.h"
#include "ruleset/selection.h"

namespace studio::ruleset {

/** Falco's rule_matching: the first matching rule only, or every matching rule. */
enum class rule_matching { first, all };

/** A rule that was selected but could not be built (unknown field, bad value, ...). */
struct rule_problem {
	uint32_t rule_id = 0;
	std::string message;
	filter::position pos;
};

class ruleset {
public:
	/**
	 * Takes the compiled rule set, selects rules, builds their trees and formatters and the
	 * index. Rules that fail to build are reported in `problems` and left out; returns the
	 * number of rules that take part.
	 */
	size_t load(filter::compiled_rule_set set, const selection_options& options, std::vector<rule_problem>& problems);

	/**
	 * Evaluates the rules indexed under the event's type, in load order, appending the ids of
	 * the matching rules to `matched` (at most one with rule_matching::first).
	 */
	void run(const state::event_context& ctx, rule_matching matching, std::vector<uint32_t>& matched) {
		const std::vector<uint32_t>& candidates =
		        ctx.evt->type < m_by_code.size() ? m_by_code[ctx.evt->type] : m_catch_all;
		// [metrics hook] One null check per event; the timed copy of this loop is below.
		if(m_probe != nullptr) {
			run_timed(candidates, ctx, matching, matched);
			return;
		}
		for(uint32_t id : candidates) {
			m_evaluations[id]++;
			if(m_filters[id]->eval(ctx)) {
				m_matches[id]++;
				matched.push_back(id);
				if(matching == rule_matching::first) return;
			}
		}
	}

	/** [metrics hook] Attaches per-rule latency slots (null detaches); see metrics/rule_probe.h. */
	void set_probe(metrics::rule_probe* probe) { m_probe = probe; }

	const filter::compiled_rule_set& rules() const { return m_set; }
	bool is_selected(uint32_t id) const { return m_filters[id] != nullptr; }
	output_formatter& formatter(uint32_t id) { return *m_formatters[id]; }
	/** How often the rule was evaluated and how often it matched. */
	uint64_t evaluations(uint32_t id) const { return m_evaluations[id]; }
	uint64_t matches(uint32_t id) const { return m_matches[id]; }
	/** The candidate rule ids for an event code (for tests and the profiler). */
	const std::vector<uint32_t>& candidates(uint16_t code) const {
		return code < m_by_code.size() ? m_by_code[code] : m_catch_all;
	}

private:
	filter::compiled_rule_set m_set;
	std::vector<std::unique_ptr<filter::filter_node>> m_filters;
	std::vector<std::unique_ptr<output_formatter>> m_formatters;
	std::vector<std::vector<uint32_t>> m_by_code;
	std::vector<uint32_t> m_catch_all;
	std::vector<uint64_t> m_evaluations;
	std::vector<uint64_t> m_matches;
	/** Field extractions shared by every tree and formatter of this rule set, per event. */
	filter::operand_cache m_operand_cache;
	metrics::rule_probe* m_probe = nullptr;

	// [metrics hook] run()'s loop with each evaluation timed: one tick read per rule, chained
	// from the tick the stage began at, so the per-rule times tile the rules stage (the probe
	// subtracts the timer's own cost and hands the last tick back as the stage's end).
	void run_timed(const std::vector<uint32_t>& candidates, const state::event_context& ctx, rule_matching matching,
	               std::vector<uint32_t>& matched) {
		if(candidates.empty()) return;  // no tick: the clock may have left the start open
		uint64_t start = m_probe->chain_start();
		for(uint32_t id : candidates) {
			m_evaluations[id]++;
			const bool hit = m_filters[id]->eval(ctx);
			const uint64_t end = metrics::ticks();
			m_probe->record(id, hit, end - start);
			start = end;
			if(hit) {
				m_matches[id]++;
				matched.push_back(id);
				if(matching == rule_matching::first) break;
			}
		}
		m_probe->set_chain(start);
	}
};

}  // namespace studio::ruleset
