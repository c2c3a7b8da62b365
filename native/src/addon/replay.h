// JS binding of the replay: the `ReplaySession` class. Registration only here; the work is in
// ruleset/replay.h.
#pragma once

#include <napi.h>

namespace studio::addon {

/** Adds `ReplaySession` to the addon's exports. */
void register_replay(Napi::Env env, Napi::Object exports);

}  // namespace studio::addon
