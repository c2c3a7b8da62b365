// Building the rule set (see ruleset.h).
#include "ruleset/ruleset.h"

#include "schema/event_table.h"

namespace studio::ruleset {

size_t ruleset::load(filter::compiled_rule_set set, const selection_options& options,
                     std::vector<rule_problem>& problems) {
	m_set = std::move(set);
	const size_t n_rules = m_set.rules.size();
	m_filters.clear();
	m_filters.resize(n_rules);
	m_formatters.clear();
	m_formatters.resize(n_rules);
	m_evaluations.assign(n_rules, 0);
	m_matches.assign(n_rules, 0);
	m_by_code.assign(schema::EVENT_COUNT, {});
	m_catch_all.clear();
	m_operand_cache = filter::operand_cache();

	// 1. Select, then build each selected rule's tree and formatter once.
	std::vector<bool> selected = select_rules(m_set, options);
	size_t n_loaded = 0;
	for(const filter::compiled_rule& rule : m_set.rules) {
		if(!selected[rule.id]) continue;
		filter::build_error error;
		std::unique_ptr<filter::filter_node> tree = filter::build_filter(rule.condition, error, &m_operand_cache);
		if(!tree) {
			problems.push_back({rule.id, error.message, error.pos});
			continue;
		}
		auto formatter = std::make_unique<output_formatter>();
		std::string output_error;
		if(!formatter->build(rule.output, output_error, &m_operand_cache)) {
			problems.push_back({rule.id, "output: " + output_error, rule.pos});
			continue;
		}
		m_filters[rule.id] = std::move(tree);
		m_formatters[rule.id] = std::move(formatter);
		n_loaded++;
	}

	// 2. Index: rule ids are visited in load order, so every list stays sorted.
	for(const filter::compiled_rule& rule : m_set.rules) {
		if(!m_filters[rule.id]) continue;
		if(rule.all_evt_codes) {
			m_catch_all.push_back(rule.id);
			for(auto& list : m_by_code) list.push_back(rule.id);
			continue;
		}
		for(uint16_t code : rule.evt_codes) {
			if(code < m_by_code.size()) m_by_code[code].push_back(rule.id);
		}
	}
	return n_loaded;
}

}  // namespace studio::ruleset
