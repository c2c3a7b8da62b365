// Rule selection (see selection.h).
#include "ruleset/selection.h"

#include <algorithm>
#include <cctype>

#include "filter/glob.h"

namespace studio::ruleset {

namespace {

bool has_any_tag(const filter::compiled_rule& rule, const std::vector<std::string>& tags) {
	for(const std::string& tag : tags) {
		if(std::find(rule.tags.begin(), rule.tags.end(), tag) != rule.tags.end()) return true;
	}
	return false;
}

// Only `*` is special in rule-name wildcards; other glob characters are literal.
bool name_matches(const std::string& pattern, const std::string& name) {
	if(pattern.find('*') == std::string::npos) return pattern == name;
	std::string escaped;
	for(char c : pattern) {
		if(c == '?' || c == '[' || c == '\\') escaped += '\\';
		escaped += c;
	}
	return filter::glob_match(escaped, name, false);
}

}  // namespace

std::vector<bool> select_rules(const filter::compiled_rule_set& set, const selection_options& options) {
	std::vector<bool> selected(set.rules.size(), false);
	for(const filter::compiled_rule& rule : set.rules) {
		bool on = options.enable_tags.empty() ? rule.enabled : has_any_tag(rule, options.enable_tags);
		if(on && has_any_tag(rule, options.disable_tags)) on = false;
		for(const std::string& pattern : options.disable_rules) {
			if(on && name_matches(pattern, rule.name)) on = false;
		}
		if(rule.priority_level > options.min_priority_level) on = false;
		if(rule.source != options.source) on = false;
		selected[rule.id] = on;
	}
	return selected;
}

int priority_level(const std::string& name) {
	static const char* const k_names[] = {"emergency", "alert", "critical", "error",
	                                      "warning",   "notice", "informational", "debug"};
	std::string lowered;
	for(char c : name) lowered += static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
	if(lowered == "info") return 6;
	for(int i = 0; i < 8; i++) {
		if(lowered == k_names[i]) return i;
	}
	return -1;
}

}  // namespace studio::ruleset
