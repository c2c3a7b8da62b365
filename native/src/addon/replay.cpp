// `replay(capturePath, compiledRuleSetJson, options, onLines)` for the engine process.
// Runs the whole replay synchronously (the engine process is dedicated to it), calling
// onLines(chunk) with batches of JSON lines, and returns
// {summary: string, problems: [{ruleId, rule, message, position}], error: string | null}.
// options: {ruleMatching: 'first'|'all', enterEvents, allEvents, disableRules: string[],
// enableTags: string[], disableTags: string[], minPriority: number (0..7)}.
// Arguments are checked by the JS caller; here a short backstop turns bad shapes into JS
// errors, and every C++ exception becomes a JS Error (node-addon-api exceptions are off).
#include "addon/replay.h"

#include <exception>
#include <string>
#include <vector>

#include "filter/compiled_rule_set.h"
#include "ruleset/replay.h"
#include "ruleset/ruleset.h"
#include "state/inspector.h"

namespace studio::addon {

namespace {

class js_sink final : public ruleset::line_sink {
public:
	js_sink(Napi::Env env, Napi::Function callback): m_env(env), m_callback(callback) {}
	void write(std::string& chunk) override {
		if(m_failed) return;
		m_callback.Call({Napi::String::New(m_env, chunk)});
		if(m_env.IsExceptionPending()) m_failed = true;
	}
	bool failed() const { return m_failed; }

private:
	Napi::Env m_env;
	Napi::Function m_callback;
	bool m_failed = false;
};

std::vector<std::string> string_array(const Napi::Object& options, const char* key) {
	std::vector<std::string> out;
	Napi::Value value = options.Get(key);
	if(!value.IsArray()) return out;
	Napi::Array array = value.As<Napi::Array>();
	for(uint32_t i = 0; i < array.Length(); i++) {
		Napi::Value item = array.Get(i);
		if(item.IsString()) out.push_back(item.As<Napi::String>().Utf8Value());
	}
	return out;
}

bool flag(const Napi::Object& options, const char* key) {
	Napi::Value value = options.Get(key);
	return value.IsBoolean() && value.As<Napi::Boolean>().Value();
}

Napi::Value throw_error(Napi::Env env, const std::string& message) {
	Napi::Error::New(env, message).ThrowAsJavaScriptException();
	return env.Undefined();
}

Napi::Value run(const Napi::CallbackInfo& info) {
	Napi::Env env = info.Env();
	// 1. Backstop argument checks.
	if(info.Length() < 4 || !info[0].IsString() || !info[1].IsString() || !info[2].IsObject() || !info[3].IsFunction())
		return throw_error(env, "replay(capturePath, compiledRuleSetJson, options, onLines): bad arguments");
	const std::string capture = info[0].As<Napi::String>().Utf8Value();
	const std::string json = info[1].As<Napi::String>().Utf8Value();
	Napi::Object options = info[2].As<Napi::Object>();
	js_sink sink(env, info[3].As<Napi::Function>());

	// 2. Interpret options.
	ruleset::selection_options selection;
	selection.disable_rules = string_array(options, "disableRules");
	selection.enable_tags = string_array(options, "enableTags");
	selection.disable_tags = string_array(options, "disableTags");
	Napi::Value min_priority = options.Get("minPriority");
	if(min_priority.IsNumber()) selection.min_priority_level = min_priority.As<Napi::Number>().Int32Value();
	ruleset::replay_options replay_options;
	Napi::Value matching = options.Get("ruleMatching");
	if(matching.IsString() && matching.As<Napi::String>().Utf8Value() == "all")
		replay_options.matching = ruleset::rule_matching::all;
	replay_options.enter_events = flag(options, "enterEvents");
	replay_options.all_events = flag(options, "allEvents");

	// 3. Load the rule set, open the capture, run.
	filter::compiled_rule_set set;
	std::string error;
	if(!filter::read_compiled_rule_set(json, set, error)) return throw_error(env, error);
	ruleset::ruleset rules;
	std::vector<ruleset::rule_problem> problems;
	rules.load(std::move(set), selection, problems);
	state::inspector inspector;
	Napi::Object result = Napi::Object::New(env);
	Napi::Array js_problems = Napi::Array::New(env, problems.size());
	for(size_t i = 0; i < problems.size(); i++) {
		const ruleset::rule_problem& p = problems[i];
		Napi::Object problem = Napi::Object::New(env);
		problem.Set("ruleId", p.rule_id);
		problem.Set("rule", rules.rules().rules[p.rule_id].name);
		problem.Set("message", p.message);
		Napi::Object position = Napi::Object::New(env);
		position.Set("file", p.pos.file);
		position.Set("line", p.pos.line);
		position.Set("column", p.pos.column);
		problem.Set("position", position);
		js_problems.Set(static_cast<uint32_t>(i), problem);
	}
	result.Set("problems", js_problems);
	if(!inspector.open_file(capture)) {
		result.Set("error", "cannot open capture '" + capture + "': " + inspector.error().message);
		result.Set("summary", env.Null());
		return result;
	}
	ruleset::replay_run replay(inspector, rules, replay_options, sink);
	bool ok = replay.run(error);
	if(sink.failed()) return env.Undefined();  // the callback's exception propagates
	result.Set("summary", replay.summary_line());
	result.Set("error", ok ? env.Null() : Napi::Value(Napi::String::New(env, error)));
	return result;
}

Napi::Value js_replay(const Napi::CallbackInfo& info) {
	try {
		return run(info);
	} catch(const std::exception& e) {
		return throw_error(info.Env(), std::string("replay: internal error: ") + e.what());
	} catch(...) {
		return throw_error(info.Env(), "replay: internal error");
	}
}

}  // namespace

void register_replay(Napi::Env env, Napi::Object exports) {
	exports.Set("replay", Napi::Function::New(env, js_replay, "replay"));
}

}  // namespace studio::addon
