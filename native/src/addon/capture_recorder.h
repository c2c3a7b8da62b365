// JS binding of the capture backend: `captureCommand({out, argv, snaplen?})` runs one command
// under the tracer and returns {ok, error?, exitCode, termSignal, interrupted, events,
// commandPath}. It blocks the calling thread for the whole capture (ptrace requests must come
// from the thread that started the tracee), so it belongs in a process of its own, never in
// the language server. Registration only; the work is in capture/.
#pragma once

#include <napi.h>

namespace studio::addon {

/** Adds `captureCommand` to the addon's exports. */
void register_capture_recorder(Napi::Env env, Napi::Object exports);

}  // namespace studio::addon
