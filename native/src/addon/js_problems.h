// The one conversion of the rule set's build problems (rules the engine could not build, with
// their source positions) to the JS objects every session's problems() returns:
// {ruleId, rule, message, position: {file, line, column}}. It reads; it never filters.
#pragma once

#include <napi.h>

#include <vector>

#include "filter/compiled_rule_set.h"
#include "ruleset/ruleset.h"

namespace studio::addon {

inline Napi::Array problems_to_js(Napi::Env env, const std::vector<ruleset::rule_problem>& problems,
                                  const filter::compiled_rule_set& set) {
	Napi::Array out = Napi::Array::New(env, problems.size());
	for(size_t i = 0; i < problems.size(); i++) {
		const ruleset::rule_problem& p = problems[i];
		Napi::Object problem = Napi::Object::New(env);
		problem.Set("ruleId", p.rule_id);
		problem.Set("rule", set.rules[p.rule_id].name);
		problem.Set("message", p.message);
		Napi::Object position = Napi::Object::New(env);
		position.Set("file", p.pos.file);
		position.Set("line", p.pos.line);
		position.Set("column", p.pos.column);
		problem.Set("position", position);
		out.Set(static_cast<uint32_t>(i), problem);
	}
	return out;
}

}  // namespace studio::addon
