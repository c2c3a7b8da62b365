// JS binding of the replay: `replay(capture, compiledRuleSetJson, options, onLines)`.
// Registration only; the work is in ruleset/replay.h.
#pragma once

#include <napi.h>

namespace studio::addon {

/** Adds `replay` to the addon's exports. */
void register_replay(Napi::Env env, Napi::Object exports);

}  // namespace studio::addon
