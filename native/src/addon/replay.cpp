// `new ReplaySession(capturePath, compiledRuleSetJson, options)` for the engine process:
//   problems() → [{ruleId, rule, message, position}]  rules that could not be built (left out)
//   next(maxEvents) → {lines, done, offset, eventsRead, error?}  JSON lines of alerts so far
//   summary() → the {"summary":...} line (text)
// options: {ruleMatching: 'first'|'all', enterEvents, allEvents, disableRules: string[],
// enableTags: string[], disableTags: string[], minPriority: number (0..7)}.
// The JS caller checks arguments; here a short backstop turns bad shapes into JS errors, and
// every C++ exception becomes a JS Error (node-addon-api C++ exceptions are off). Reading
// problems are data in next()'s result, never exceptions.
#include "addon/replay.h"

#include "addon/js_options.h"
#include "addon/js_problems.h"

#include <exception>
#include <memory>
#include <string>
#include <vector>

#include "filter/compiled_rule_set.h"
#include "ruleset/replay.h"
#include "ruleset/ruleset.h"
#include "state/inspector.h"

namespace studio::addon {

namespace {

struct string_sink final : ruleset::line_sink {
	std::string text;
	void write(std::string& chunk) override { text += chunk; }
};

class replay_session : public Napi::ObjectWrap<replay_session> {
public:
	static Napi::Function define(Napi::Env env) {
		return DefineClass(env, "ReplaySession",
		                   {InstanceMethod("problems", &replay_session::js_problems),
		                    InstanceMethod("next", &replay_session::js_next),
		                    InstanceMethod("summary", &replay_session::js_summary)});
	}

	explicit replay_session(const Napi::CallbackInfo& info): Napi::ObjectWrap<replay_session>(info) {
		Napi::Env env = info.Env();
		try {
			construct(info);
		} catch(const std::exception& e) {
			Napi::Error::New(env, std::string("ReplaySession: internal error: ") + e.what()).ThrowAsJavaScriptException();
		}
	}

private:
	std::unique_ptr<state::inspector> m_inspector;
	std::unique_ptr<ruleset::ruleset> m_rules;
	std::unique_ptr<ruleset::replay_run> m_run;
	std::vector<ruleset::rule_problem> m_problems;
	string_sink m_sink;
	bool m_done = false;
	std::string m_error;

	void construct(const Napi::CallbackInfo& info) {
		Napi::Env env = info.Env();
		// 1. Backstop argument checks.
		if(info.Length() < 3 || !info[0].IsString() || !info[1].IsString() || !info[2].IsObject()) {
			Napi::TypeError::New(env, "ReplaySession(capturePath, compiledRuleSetJson, options): bad arguments")
			        .ThrowAsJavaScriptException();
			return;
		}
		const std::string capture = info[0].As<Napi::String>().Utf8Value();
		Napi::Object options = info[2].As<Napi::Object>();
		// 2. Interpret options.
		ruleset::selection_options selection;
		selection.disable_rules = option_strings(options, "disableRules");
		selection.enable_tags = option_strings(options, "enableTags");
		selection.disable_tags = option_strings(options, "disableTags");
		Napi::Value min_priority = options.Get("minPriority");
		if(min_priority.IsNumber()) selection.min_priority_level = min_priority.As<Napi::Number>().Int32Value();
		ruleset::replay_options replay_options;
		Napi::Value matching = options.Get("ruleMatching");
		if(matching.IsString() && matching.As<Napi::String>().Utf8Value() == "all")
			replay_options.matching = ruleset::rule_matching::all;
		replay_options.enter_events = option_flag(options, "enterEvents");
		replay_options.all_events = option_flag(options, "allEvents");
		// 3. Rule set, then capture.
		filter::compiled_rule_set set;
		std::string error;
		if(!filter::read_compiled_rule_set(info[1].As<Napi::String>().Utf8Value(), set, error)) {
			Napi::Error::New(env, error).ThrowAsJavaScriptException();
			return;
		}
		m_rules = std::make_unique<ruleset::ruleset>();
		m_rules->load(std::move(set), selection, m_problems);
		m_inspector = std::make_unique<state::inspector>();
		if(!m_inspector->open_file(capture)) {
			m_done = true;
			m_error = "cannot open capture '" + capture + "': " + m_inspector->error().message;
		}
		m_run = std::make_unique<ruleset::replay_run>(*m_inspector, *m_rules, replay_options, m_sink);
	}

	Napi::Value js_problems(const Napi::CallbackInfo& info) {
		Napi::Env env = info.Env();
		if(!m_rules) return not_ready(env);
		return problems_to_js(env, m_problems, m_rules->rules());
	}

	Napi::Value js_next(const Napi::CallbackInfo& info) {
		Napi::Env env = info.Env();
		if(!m_run) return not_ready(env);
		try {
			uint64_t max_events = 100000;
			if(info.Length() > 0 && info[0].IsNumber()) {
				int64_t requested = info[0].As<Napi::Number>().Int64Value();
				if(requested > 0) max_events = static_cast<uint64_t>(requested);
			}
			bool failed = !m_error.empty();
			if(!m_done) {
				ruleset::no_stage_clock clock;
				auto status = m_run->step(clock, max_events, m_error);
				m_done = status != ruleset::replay_run::step_status::more;
				failed = status == ruleset::replay_run::step_status::failed;
			}
			Napi::Object result = Napi::Object::New(env);
			result.Set("lines", m_sink.text);
			m_sink.text.clear();
			result.Set("done", m_done);
			result.Set("offset", static_cast<double>(m_inspector->offset()));
			result.Set("eventsRead", static_cast<double>(m_inspector->events_read()));
			if(failed) {
				Napi::Object error = Napi::Object::New(env);
				error.Set("message", m_error);
				error.Set("offset", static_cast<double>(m_inspector->error().offset));
				error.Set("eventsRead", static_cast<double>(m_inspector->events_read()));
				result.Set("error", error);
			}
			return result;
		} catch(const std::exception& e) {
			Napi::Error::New(env, std::string("ReplaySession.next: internal error: ") + e.what()).ThrowAsJavaScriptException();
			return env.Undefined();
		}
	}

	Napi::Value js_summary(const Napi::CallbackInfo& info) {
		if(!m_run) return not_ready(info.Env());
		return Napi::String::New(info.Env(), m_run->summary_line());
	}

	static Napi::Value not_ready(Napi::Env env) {
		Napi::Error::New(env, "ReplaySession: the session was not constructed").ThrowAsJavaScriptException();
		return env.Undefined();
	}
};

}  // namespace

void register_replay(Napi::Env env, Napi::Object exports) {
	exports.Set("ReplaySession", replay_session::define(env));
}

}  // namespace studio::addon
