// The ProfileSession class (see profile_session.h). Every C++ exception becomes a JS Error
// (node-addon-api C++ exceptions are off); reading problems are data in next()'s result.
#include "addon/profile_session.h"

#include "addon/js_options.h"
#include "addon/js_problems.h"

#include <exception>
#include <vector>

namespace studio::addon {

void profile_session::init(Napi::Env env, Napi::Object exports) {
	Napi::Function ctor = DefineClass(env, "ProfileSession",
	                                  {InstanceMethod("problems", &profile_session::js_problems),
	                                   InstanceMethod("next", &profile_session::js_next),
	                                   InstanceMethod("result", &profile_session::js_result)});
	exports.Set("ProfileSession", ctor);
}

profile_session::profile_session(const Napi::CallbackInfo& info): Napi::ObjectWrap<profile_session>(info) {
	try {
		construct(info);
	} catch(const std::exception& e) {
		Napi::Error::New(info.Env(), std::string("ProfileSession: internal error: ") + e.what())
		        .ThrowAsJavaScriptException();
	}
}

void profile_session::construct(const Napi::CallbackInfo& info) {
	Napi::Env env = info.Env();
	// 1. Backstop argument checks (the JS job handler validates first).
	if(info.Length() < 3 || !info[0].IsString() || !info[1].IsString() || !info[2].IsObject()) {
		Napi::TypeError::New(env, "ProfileSession(capturePath, compiledRuleSetJson, options): bad arguments")
		        .ThrowAsJavaScriptException();
		return;
	}
	Napi::Object options = info[2].As<Napi::Object>();
	// 2. Interpret options.
	metrics::profile_options profile_options;
	Napi::Value sample_every = options.Get("sampleEvery");
	if(sample_every.IsNumber()) {
		int64_t n = sample_every.As<Napi::Number>().Int64Value();
		profile_options.sample_every = n < 0 ? 1 : static_cast<uint32_t>(n > 1000000000 ? 1000000000 : n);
	}
	profile_options.selection.disable_rules = option_strings(options, "disableRules");
	profile_options.selection.enable_tags = option_strings(options, "enableTags");
	profile_options.selection.disable_tags = option_strings(options, "disableTags");
	Napi::Value min_priority = options.Get("minPriority");
	if(min_priority.IsNumber()) profile_options.selection.min_priority_level = min_priority.As<Napi::Number>().Int32Value();
	Napi::Value matching = options.Get("ruleMatching");
	if(matching.IsString() && matching.As<Napi::String>().Utf8Value() == "all")
		profile_options.replay.matching = ruleset::rule_matching::all;
	profile_options.replay.enter_events = option_flag(options, "enterEvents");
	// 3. Rule set, then capture (a capture that cannot be opened is reported by next()).
	filter::compiled_rule_set set;
	std::string error;
	if(!filter::read_compiled_rule_set(info[1].As<Napi::String>().Utf8Value(), set, error)) {
		Napi::Error::New(env, error).ThrowAsJavaScriptException();
		return;
	}
	m_run = std::make_unique<metrics::profile_run>();
	if(!m_run->open(std::move(set), info[0].As<Napi::String>().Utf8Value(), profile_options, m_error)) m_done = true;
}

Napi::Value profile_session::js_problems(const Napi::CallbackInfo& info) {
	Napi::Env env = info.Env();
	const auto& problems = m_run->problems();
	return problems_to_js(env, problems, m_run->rules().rules());
}

Napi::Value profile_session::js_next(const Napi::CallbackInfo& info) {
	Napi::Env env = info.Env();
	try {
		uint64_t max_events = 100000;
		if(info.Length() > 0 && info[0].IsNumber()) {
			int64_t requested = info[0].As<Napi::Number>().Int64Value();
			if(requested > 0) max_events = static_cast<uint64_t>(requested);
		}
		bool failed = !m_error.empty();
		if(!m_done) {
			auto status = m_run->step(max_events, m_error);
			m_done = status != ruleset::replay_run::step_status::more;
			failed = status == ruleset::replay_run::step_status::failed;
		}
		Napi::Object result = Napi::Object::New(env);
		result.Set("done", m_done);
		result.Set("offset", static_cast<double>(m_run->offset()));
		result.Set("eventsRead", static_cast<double>(m_run->events_read()));
		if(failed) {
			Napi::Object error = Napi::Object::New(env);
			error.Set("message", m_error);
			error.Set("offset", static_cast<double>(m_run->offset()));
			error.Set("eventsRead", static_cast<double>(m_run->events_read()));
			result.Set("error", error);
		}
		return result;
	} catch(const std::exception& e) {
		Napi::Error::New(env, std::string("ProfileSession.next: internal error: ") + e.what()).ThrowAsJavaScriptException();
		return env.Undefined();
	}
}

Napi::Value profile_session::js_result(const Napi::CallbackInfo& info) {
	try {
		return Napi::String::New(info.Env(), m_run->result_json());
	} catch(const std::exception& e) {
		Napi::Error::New(info.Env(), std::string("ProfileSession.result: internal error: ") + e.what())
		        .ThrowAsJavaScriptException();
		return info.Env().Undefined();
	}
}

}  // namespace studio::addon
