// JS binding of the inspector: `fieldRegistry()` (every extractable field and its type),
// `new CaptureSession(path)`, `addField(name, arg?)`, `setFilter(compiledRuleSetJson)` (the
// first rule's condition selects the events),
// `next(maxEvents)` returning visible events with their field values as text, `count()` to
// read the rest with state only (benchmarks), and `stats()`. Reading problems are returned as
// data ({error: {message, offset, eventsRead}}), never thrown; bad field names throw an Error.
// Registration only; the work is in state/ and fields/.
#pragma once

#include <napi.h>

#include <memory>
#include <vector>

#include "fields/extractor.h"
#include "filter/tree.h"
#include "state/inspector.h"

namespace studio::addon {

class capture_session : public Napi::ObjectWrap<capture_session> {
public:
	static void init(Napi::Env env, Napi::Object exports);
	explicit capture_session(const Napi::CallbackInfo& info);

private:
	Napi::Value add_field(const Napi::CallbackInfo& info);
	Napi::Value set_filter(const Napi::CallbackInfo& info);
	Napi::Value next(const Napi::CallbackInfo& info);
	Napi::Value count(const Napi::CallbackInfo& info);
	Napi::Value stats(const Napi::CallbackInfo& info);
	Napi::Object error_object(Napi::Env env) const;

	std::unique_ptr<state::inspector> m_inspector;
	std::vector<std::unique_ptr<fields::extractor>> m_fields;
	std::vector<fields::field_value> m_values;
	/** Only events for which this holds are returned by next() (sysdig -r FILTER). */
	std::unique_ptr<filter::filter_node> m_filter;
	bool m_open = false;
	bool m_done = false;
	bool m_failed = false;
};

}  // namespace studio::addon
