// Rule selection for a replay, applied to the compiled rule set after loading, like Falco's
// `rules:` enable/disable configuration and its legacy -t/-T/-D options:
//   1. start from each rule's `enabled`;
//   2. with any --enable-tag: only rules having one of those tags are selected, including
//      rules written with `enabled: false` (Falco's -t);
//   3. --disable-tag T: rules having tag T are dropped (-T);
//   4. --disable-rule NAME: rules whose name matches NAME are dropped; NAME may use `*`
//      wildcards like the modern `rules: - disable: {rule: ...}` configuration;
//   5. --min-priority P: rules less severe than P are dropped (Falco's `priority:`).
// Only rules of one source are selected: `source`, syscall by default (what captures carry).
#pragma once

#include <string>
#include <vector>

#include "filter/compiled_rule_set.h"

namespace studio::ruleset {

struct selection_options {
	std::vector<std::string> disable_rules;
	std::vector<std::string> enable_tags;
	std::vector<std::string> disable_tags;
	/** 0 = Emergency … 7 = Debug; rules with priority_level > this are dropped. */
	int min_priority_level = 7;
	/** The event source whose rules take part (each source runs its own rule set). */
	std::string source = "syscall";
};

/** Returns, per rule id, whether the rule takes part in the replay. */
std::vector<bool> select_rules(const filter::compiled_rule_set& set, const selection_options& options);

/** Falco's priority names (any case, "info" accepted) → level 0..7, or -1 when unknown. */
int priority_level(const std::string& name);

}  // namespace studio::ruleset
