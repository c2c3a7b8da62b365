// `captureCommand` (see capture_recorder.h): argument checks, then capture/capture_command.h.
#include "addon/capture_recorder.h"

#include "capture/capture_command.h"

namespace studio::addon {

namespace {

Napi::Value js_capture_command(const Napi::CallbackInfo& info) {
	Napi::Env env = info.Env();
	if (info.Length() < 1 || !info[0].IsObject()) {
		Napi::TypeError::New(env, "captureCommand expects {out, argv}").ThrowAsJavaScriptException();
		return env.Undefined();
	}
	Napi::Object options = info[0].As<Napi::Object>();
	Napi::Value out = options.Get("out");
	Napi::Value argv = options.Get("argv");
	if (!out.IsString() || !argv.IsArray()) {
		Napi::TypeError::New(env, "captureCommand expects out: string and argv: string[]").ThrowAsJavaScriptException();
		return env.Undefined();
	}
	capture::capture_options request;
	request.out = out.As<Napi::String>().Utf8Value();
	Napi::Array items = argv.As<Napi::Array>();
	for (uint32_t i = 0; i < items.Length(); i++) {
		Napi::Value item = items.Get(i);
		if (!item.IsString()) {
			Napi::TypeError::New(env, "captureCommand: argv items must be strings").ThrowAsJavaScriptException();
			return env.Undefined();
		}
		request.argv.push_back(item.As<Napi::String>().Utf8Value());
	}
	Napi::Value snaplen = options.Get("snaplen");
	if (snaplen.IsNumber()) request.snaplen = snaplen.As<Napi::Number>().Uint32Value();

	capture::capture_result result = capture::capture_command(request);
	Napi::Object js = Napi::Object::New(env);
	js.Set("ok", Napi::Boolean::New(env, result.ok));
	if (!result.error.empty()) js.Set("error", Napi::String::New(env, result.error));
	js.Set("exitCode", Napi::Number::New(env, result.exit_code));
	js.Set("termSignal", Napi::Number::New(env, result.term_signal));
	js.Set("interrupted", Napi::Boolean::New(env, result.interrupted));
	js.Set("events", Napi::Number::New(env, static_cast<double>(result.events)));
	js.Set("commandPath", Napi::String::New(env, result.command_path));
	return js;
}

}  // namespace

void register_capture_recorder(Napi::Env env, Napi::Object exports) {
	exports.Set("captureCommand", Napi::Function::New(env, js_capture_command, "captureCommand"));
}

}  // namespace studio::addon
