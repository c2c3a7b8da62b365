// `new AuditReplaySession(auditPath, compiledRuleSetJson, options)` for the engine process:
//   problems() → [{ruleId, rule, message, position}]  k8s_audit rules that could not be built
//   run() → Promise<{lines, summary, eventsRead, offset, error?}>  the whole replay, evaluated
//           on a worker thread of its own (the k8s_audit source's partition), so the syscall
//           replay can go on meanwhile on the engine's main thread; error = {message, offset,
//           line, column, eventsRead} when the file is unreadable or not audit events
//   cancel() → stops a running run() at its next batch of 1000 events
//   progress() → {offset, eventsRead}: how far a running run() has read (updated per batch)
// options: {ruleMatching: 'first'|'all', allEvents, disableRules, enableTags, disableTags,
// minPriority}. Every C++ exception becomes a JS Error; bad input is data in run()'s result.
#include "addon/audit_session.h"

#include <atomic>
#include <exception>
#include <memory>
#include <string>
#include <vector>

#include "addon/js_options.h"
#include "addon/js_problems.h"
#include "filter/compiled_rule_set.h"
#include "sources/k8s_audit/audit_replay.h"

namespace studio::addon {

namespace {

using sources::k8s_audit::audit_replay;

/** What one run produced (filled on the worker thread, read on the JS thread). */
struct run_result {
	std::string lines;
	std::string summary;
	bool failed = false;
	bool cancelled = false;
	sources::k8s_audit::audit_read_error error;
	uint64_t events_read = 0;
	uint64_t offset = 0;
};

class run_worker final : public Napi::AsyncWorker {
public:
	run_worker(Napi::Env env, audit_replay& replay, std::atomic<bool>& cancel, std::atomic<bool>& running, Napi::Object owner)
	    : Napi::AsyncWorker(env), m_replay(replay), m_cancel(cancel), m_running(running),
	      m_deferred(Napi::Promise::Deferred::New(env)) {
		m_owner = Napi::Persistent(owner);
	}

	Napi::Promise promise() { return m_deferred.Promise(); }

	void Execute() override {
		try {
			const audit_replay::status status = m_replay.run(m_result.lines, m_cancel);
			m_result.failed = status == audit_replay::status::failed;
			m_result.cancelled = status == audit_replay::status::more;
			m_result.summary = m_replay.summary_line();
			m_result.error = m_replay.reader().error();
			m_result.events_read = m_replay.reader().events_read();
			m_result.offset = m_replay.reader().offset();
		} catch(const std::exception& e) {
			SetError(std::string("AuditReplaySession.run: internal error: ") + e.what());
		}
	}

	void OnOK() override {
		m_running = false;
		Napi::Env env = Env();
		Napi::Object out = Napi::Object::New(env);
		out.Set("lines", m_result.lines);
		out.Set("summary", m_result.summary);
		out.Set("eventsRead", static_cast<double>(m_result.events_read));
		out.Set("offset", static_cast<double>(m_result.offset));
		out.Set("cancelled", m_result.cancelled);
		if(m_result.failed) {
			Napi::Object error = Napi::Object::New(env);
			error.Set("message", m_result.error.message);
			error.Set("offset", static_cast<double>(m_result.error.offset));
			error.Set("line", static_cast<double>(m_result.error.line));
			error.Set("column", static_cast<double>(m_result.error.column));
			error.Set("eventsRead", static_cast<double>(m_result.events_read));
			out.Set("error", error);
		}
		m_deferred.Resolve(out);
	}

	void OnError(const Napi::Error& error) override {
		m_running = false;
		m_deferred.Reject(error.Value());
	}

private:
	audit_replay& m_replay;
	std::atomic<bool>& m_cancel;
	std::atomic<bool>& m_running;
	Napi::Promise::Deferred m_deferred;
	Napi::ObjectReference m_owner;
	run_result m_result;
};

class audit_session : public Napi::ObjectWrap<audit_session> {
public:
	static Napi::Function define(Napi::Env env) {
		return DefineClass(env, "AuditReplaySession",
		                   {InstanceMethod("problems", &audit_session::js_problems),
		                    InstanceMethod("run", &audit_session::js_run),
		                    InstanceMethod("cancel", &audit_session::js_cancel),
		                    InstanceMethod("progress", &audit_session::js_progress)});
	}

	explicit audit_session(const Napi::CallbackInfo& info): Napi::ObjectWrap<audit_session>(info) {
		try {
			construct(info);
		} catch(const std::exception& e) {
			Napi::Error::New(info.Env(), std::string("AuditReplaySession: internal error: ") + e.what())
			        .ThrowAsJavaScriptException();
		}
	}

private:
	std::unique_ptr<audit_replay> m_replay;
	std::vector<ruleset::rule_problem> m_problems;
	std::atomic<bool> m_cancel{false};
	std::atomic<bool> m_running{false};
	bool m_started = false;

	void construct(const Napi::CallbackInfo& info) {
		Napi::Env env = info.Env();
		if(info.Length() < 3 || !info[0].IsString() || !info[1].IsString() || !info[2].IsObject()) {
			Napi::TypeError::New(env, "AuditReplaySession(auditPath, compiledRuleSetJson, options): bad arguments")
			        .ThrowAsJavaScriptException();
			return;
		}
		Napi::Object options = info[2].As<Napi::Object>();
		ruleset::selection_options selection;
		selection.disable_rules = option_strings(options, "disableRules");
		selection.enable_tags = option_strings(options, "enableTags");
		selection.disable_tags = option_strings(options, "disableTags");
		Napi::Value min_priority = options.Get("minPriority");
		if(min_priority.IsNumber()) selection.min_priority_level = min_priority.As<Napi::Number>().Int32Value();
		sources::k8s_audit::audit_replay_options replay_options;
		Napi::Value matching = options.Get("ruleMatching");
		if(matching.IsString() && matching.As<Napi::String>().Utf8Value() == "all")
			replay_options.matching = ruleset::rule_matching::all;
		replay_options.all_events = option_flag(options, "allEvents");
		filter::compiled_rule_set set;
		std::string error;
		if(!filter::read_compiled_rule_set(info[1].As<Napi::String>().Utf8Value(), set, error)) {
			Napi::Error::New(env, error).ThrowAsJavaScriptException();
			return;
		}
		m_replay = std::make_unique<audit_replay>(std::move(set), selection, replay_options, m_problems);
		// An unreadable file is reported by run(), like every other reading problem.
		m_replay->reader().open_file(info[0].As<Napi::String>().Utf8Value());
	}

	Napi::Value js_problems(const Napi::CallbackInfo& info) {
		Napi::Env env = info.Env();
		if(!m_replay) return not_ready(env);
		return problems_to_js(env, m_problems, m_replay->rules().rules());
	}

	Napi::Value js_run(const Napi::CallbackInfo& info) {
		Napi::Env env = info.Env();
		if(!m_replay) return not_ready(env);
		if(m_started) {
			Napi::Error::New(env, "AuditReplaySession.run: a session runs once").ThrowAsJavaScriptException();
			return env.Undefined();
		}
		m_started = true;
		m_running = true;
		auto* worker = new run_worker(env, *m_replay, m_cancel, m_running, Value());
		Napi::Promise promise = worker->promise();
		worker->Queue();
		return promise;
	}

	Napi::Value js_progress(const Napi::CallbackInfo& info) {
		Napi::Env env = info.Env();
		if(!m_replay) return not_ready(env);
		Napi::Object out = Napi::Object::New(env);
		out.Set("offset", static_cast<double>(m_replay->progress_offset()));
		out.Set("eventsRead", static_cast<double>(m_replay->progress_events()));
		return out;
	}

	Napi::Value js_cancel(const Napi::CallbackInfo& info) {
		m_cancel = true;
		return info.Env().Undefined();
	}

	static Napi::Value not_ready(Napi::Env env) {
		Napi::Error::New(env, "AuditReplaySession: the session was not constructed").ThrowAsJavaScriptException();
		return env.Undefined();
	}
};

}  // namespace

void register_audit_session(Napi::Env env, Napi::Object exports) {
	exports.Set("AuditReplaySession", audit_session::define(env));
}

}  // namespace studio::addon
