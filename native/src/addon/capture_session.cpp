// CaptureSession: a thin, strict JS layer over state::inspector and fields::extractor. Every
// method catches C++ exceptions and rethrows them as JS Errors (no C++ exception crosses N-API).
#include "addon/capture_session.h"

#include <exception>
#include <string>

namespace studio::addon {

namespace {

template <typename F>
Napi::Value guarded(const Napi::CallbackInfo& info, F body) {
	try {
		return body();
	} catch(const std::exception& e) {
		Napi::Error::New(info.Env(), std::string("engine error: ") + e.what()).ThrowAsJavaScriptException();
	} catch(...) {
		Napi::Error::New(info.Env(), "engine error: unknown exception").ThrowAsJavaScriptException();
	}
	return info.Env().Undefined();
}

/** `fieldRegistry()`: every extractable field as {name, type, isList, arg, argRequired}. */
Napi::Value js_field_registry(const Napi::CallbackInfo& info) {
	return guarded(info, [&]() -> Napi::Value {
		Napi::Env env = info.Env();
		const auto& reg = fields::registry();
		Napi::Array out = Napi::Array::New(env, reg.size());
		static const char* const arg_names[] = {"none", "index", "key", "any"};
		for(size_t i = 0; i < reg.size(); i++) {
			Napi::Object o = Napi::Object::New(env);
			o.Set("name", reg[i].name);
			o.Set("type", fields::field_type_name(reg[i].type));
			o.Set("isList", Napi::Boolean::New(env, reg[i].is_list));
			o.Set("arg", arg_names[static_cast<int>(reg[i].arg)]);
			o.Set("argRequired", Napi::Boolean::New(env, reg[i].arg_required));
			out.Set(static_cast<uint32_t>(i), o);
		}
		return out;
	});
}

}  // namespace

void capture_session::init(Napi::Env env, Napi::Object exports) {
	exports.Set("fieldRegistry", Napi::Function::New(env, js_field_registry, "fieldRegistry"));
	Napi::Function ctor = DefineClass(env, "CaptureSession",
	                                  {
	                                      InstanceMethod("addField", &capture_session::add_field),
	                                      InstanceMethod("setFilter", &capture_session::set_filter),
	                                      InstanceMethod("next", &capture_session::next),
	                                      InstanceMethod("count", &capture_session::count),
	                                      InstanceMethod("stats", &capture_session::stats),
	                                  });
	exports.Set("CaptureSession", ctor);
}

capture_session::capture_session(const Napi::CallbackInfo& info) : Napi::ObjectWrap<capture_session>(info) {
	if(info.Length() < 1 || !info[0].IsString()) {
		Napi::TypeError::New(info.Env(), "CaptureSession(path): path must be a string").ThrowAsJavaScriptException();
		return;
	}
	try {
		m_inspector = std::make_unique<state::inspector>();
		m_open = m_inspector->open_file(info[0].As<Napi::String>().Utf8Value());
		m_failed = !m_open;
	} catch(const std::exception& e) {
		Napi::Error::New(info.Env(), std::string("engine error: ") + e.what()).ThrowAsJavaScriptException();
	}
}

Napi::Value capture_session::add_field(const Napi::CallbackInfo& info) {
	return guarded(info, [&]() -> Napi::Value {
		Napi::Env env = info.Env();
		if(info.Length() < 1 || !info[0].IsString()) {
			Napi::TypeError::New(env, "addField(name, arg?): name must be a string").ThrowAsJavaScriptException();
			return env.Undefined();
		}
		bool has_arg = info.Length() > 1 && info[1].IsString();
		std::string arg = has_arg ? info[1].As<Napi::String>().Utf8Value() : std::string();
		std::string error;
		auto ex = fields::create_extractor(info[0].As<Napi::String>().Utf8Value(), arg, has_arg, error);
		if(ex == nullptr) {
			Napi::Error::New(env, error).ThrowAsJavaScriptException();
			return env.Undefined();
		}
		m_fields.push_back(std::move(ex));
		return Napi::Number::New(env, static_cast<double>(m_fields.size() - 1));
	});
}

Napi::Value capture_session::set_filter(const Napi::CallbackInfo& info) {
	return guarded(info, [&]() -> Napi::Value {
		Napi::Env env = info.Env();
		if(info.Length() < 1 || !info[0].IsString()) {
			Napi::TypeError::New(env, "setFilter(json): json must be a string").ThrowAsJavaScriptException();
			return env.Undefined();
		}
		filter::compiled_rule_set set;
		std::string error;
		if(!filter::read_compiled_rule_set(info[0].As<Napi::String>().Utf8Value(), set, error)) {
			Napi::Error::New(env, "filter: " + error).ThrowAsJavaScriptException();
			return env.Undefined();
		}
		if(set.rules.empty()) {
			Napi::Error::New(env, "filter: the compiled rule set has no rule").ThrowAsJavaScriptException();
			return env.Undefined();
		}
		filter::build_error build;
		m_filter = filter::build_filter(set.rules[0].condition, build);
		if(m_filter == nullptr) {
			Napi::Error::New(env, "filter: " + build.message).ThrowAsJavaScriptException();
		}
		return env.Undefined();
	});
}

Napi::Object capture_session::error_object(Napi::Env env) const {
	const reader::read_error& err = m_inspector->error();
	Napi::Object e = Napi::Object::New(env);
	e.Set("message", err.message);
	e.Set("offset", Napi::Number::New(env, static_cast<double>(err.offset)));
	e.Set("eventsRead", Napi::Number::New(env, static_cast<double>(err.events_read)));
	return e;
}

Napi::Value capture_session::next(const Napi::CallbackInfo& info) {
	return guarded(info, [&]() -> Napi::Value {
		Napi::Env env = info.Env();
		uint32_t max = info.Length() > 0 && info[0].IsNumber() ? info[0].As<Napi::Number>().Uint32Value() : 1000;
		Napi::Array rows = Napi::Array::New(env);
		Napi::Object result = Napi::Object::New(env);
		uint32_t n = 0;
		std::string text;
		while(!m_done && !m_failed && n < max) {
			reader::read_status st = m_inspector->next();
			if(st == reader::read_status::eof) {
				m_done = true;
				break;
			}
			if(st == reader::read_status::error) {
				m_failed = true;
				break;
			}
			const state::event_context& ctx = m_inspector->current();
			if(ctx.hidden || ctx.state_only) continue;
			if(m_filter != nullptr && !m_filter->eval(ctx)) continue;
			Napi::Array row = Napi::Array::New(env, m_fields.size() + 1);
			row.Set(uint32_t(0), Napi::Number::New(env, static_cast<double>(ctx.evt->num)));
			for(size_t i = 0; i < m_fields.size(); i++) {
				if(!m_fields[i]->extract(ctx, m_values)) {
					row.Set(static_cast<uint32_t>(i + 1), env.Null());
					continue;
				}
				text.clear();
				for(size_t k = 0; k < m_values.size(); k++) {
					if(k > 0) text += ',';
					fields::format_value(m_fields[i]->type(), m_values[k], text);
				}
				row.Set(static_cast<uint32_t>(i + 1), Napi::String::New(env, text));
			}
			rows.Set(n++, row);
		}
		result.Set("rows", rows);
		result.Set("done", Napi::Boolean::New(env, m_done || m_failed));
		result.Set("offset", Napi::Number::New(env, static_cast<double>(m_inspector->offset())));
		result.Set("eventsRead", Napi::Number::New(env, static_cast<double>(m_inspector->events_read())));
		if(m_failed) result.Set("error", error_object(env));
		return result;
	});
}

Napi::Value capture_session::count(const Napi::CallbackInfo& info) {
	return guarded(info, [&]() -> Napi::Value {
		Napi::Env env = info.Env();
		double visible = 0;
		while(!m_done && !m_failed) {
			reader::read_status st = m_inspector->next();
			if(st == reader::read_status::eof) {
				m_done = true;
			} else if(st == reader::read_status::error) {
				m_failed = true;
			} else if(!m_inspector->current().hidden) {
				visible++;
			}
		}
		Napi::Object result = Napi::Object::New(env);
		result.Set("events", Napi::Number::New(env, static_cast<double>(m_inspector->events_read())));
		result.Set("visible", Napi::Number::New(env, visible));
		if(m_failed) result.Set("error", error_object(env));
		return result;
	});
}

Napi::Value capture_session::stats(const Napi::CallbackInfo& info) {
	return guarded(info, [&]() -> Napi::Value {
		Napi::Env env = info.Env();
		state::inspector_stats s = m_inspector->stats();
		Napi::Object o = Napi::Object::New(env);
		o.Set("threads", Napi::Number::New(env, static_cast<double>(s.threads)));
		o.Set("fds", Napi::Number::New(env, static_cast<double>(s.fds)));
		o.Set("threadEvictions", Napi::Number::New(env, static_cast<double>(s.thread_evictions)));
		o.Set("fdEvictions", Napi::Number::New(env, static_cast<double>(s.fd_evictions)));
		o.Set("placeholders", Napi::Number::New(env, static_cast<double>(s.placeholders_created)));
		return o;
	});
}

}  // namespace studio::addon
