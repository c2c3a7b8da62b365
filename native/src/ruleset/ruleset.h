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
		for(uint32_t id : candidates) {
			m_evaluations[id]++;
			if(m_filters[id]->eval(ctx)) {
				m_matches[id]++;
				matched.push_back(id);
				if(matching == rule_matching::first) return;
			}
		}
	}

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
};

}  // namespace studio::ruleset
