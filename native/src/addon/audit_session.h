// JS binding of the k8s_audit source: the `AuditReplaySession` class. Registration only here;
// the work is in sources/k8s_audit/audit_replay.h.
#pragma once

#include <napi.h>

namespace studio::addon {

/** Adds `AuditReplaySession` to the addon's exports. */
void register_audit_session(Napi::Env env, Napi::Object exports);

}  // namespace studio::addon
