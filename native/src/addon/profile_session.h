// JS binding of the profiler: `new ProfileSession(capturePath, compiledRuleSetJson, options)`
//   problems() → [{ruleId, rule, message, position}]  rules that could not be built (left out)
//   next(maxEvents) → {done, offset, eventsRead, error?: {message, offset, eventsRead}}
//   result() → the run's raw results as JSON text (metrics/profile_json.h)
// options: {sampleEvery: 0 (plain replay) | 1 (every event) | N, ruleMatching: 'first'|'all',
// enterEvents, disableRules: string[], enableTags: string[], disableTags: string[],
// minPriority: number (0..7)}. One session is one run; `--runs N` makes N sessions.
// Registration and argument backstops only; the work is in metrics/profile_run.h.
#pragma once

#include <napi.h>

#include <memory>
#include <string>

#include "metrics/profile_run.h"

namespace studio::addon {

class profile_session : public Napi::ObjectWrap<profile_session> {
public:
	static void init(Napi::Env env, Napi::Object exports);
	explicit profile_session(const Napi::CallbackInfo& info);

private:
	Napi::Value js_problems(const Napi::CallbackInfo& info);
	Napi::Value js_next(const Napi::CallbackInfo& info);
	Napi::Value js_result(const Napi::CallbackInfo& info);
	void construct(const Napi::CallbackInfo& info);

	std::unique_ptr<metrics::profile_run> m_run;
	bool m_done = false;
	std::string m_error;
};

}  // namespace studio::addon
