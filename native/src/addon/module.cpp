// The addon's entry point: registers the JS-visible functions. This is the only place,
// with the rest of addon/, that includes napi.h; the engine core stays plain C++.
#include <napi.h>

#include "addon/audit_session.h"
#include "addon/capture_recorder.h"
#include "addon/capture_session.h"
#include "addon/profile_session.h"
#include "addon/replay.h"

namespace {

Napi::Value js_version(const Napi::CallbackInfo& info) {
	return Napi::String::New(info.Env(), "0.1.0");
}

Napi::Object init(Napi::Env env, Napi::Object exports) {
	exports.Set("version", Napi::Function::New(env, js_version, "version"));
	studio::addon::register_replay(env, exports);
	studio::addon::register_audit_session(env, exports);
	studio::addon::register_capture_recorder(env, exports);
	studio::addon::capture_session::init(env, exports);
	studio::addon::profile_session::init(env, exports);
	return exports;
}

}  // namespace

NODE_API_MODULE(falco_studio, init)
