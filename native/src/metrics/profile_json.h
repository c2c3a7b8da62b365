// The raw result of one profiled run as JSON text, the engine's side of the profile job (the
// documented profile.json is built from several of these by server/src/profile/report.ts).
// Every latency is in ticks; `clock` says how ticks convert to ns and whether they are cycles.
//   {"format":"falco-studio-profile-run","version":1,
//    "clock":{"cycles":bool,"ns_per_tick":F,"overhead_ticks":N},
//    "sample_every":N,"split_every":N,"run_ns":N,"run_cpu_ns":N,"events_read":N,"events_delivered":N,"events_matched":N,
//    "alerts":N,
//    "branches":{"no_event"|"no_match"|"matched":{"iterations":N,"stages":{STAGE:H}}},
//    "rules":[{"id":N,"evaluations":N,"matches":N,"not_matched":H,"matched":H}]}
// H = {"count","total","min","max","p50","p90","p99","buckets":[[low,high,count]...]} with
// only non-empty buckets, [low, high) in ticks. `split_every`: one measured read in N (on
// average) is split into decode and state. With sample_every 0 (no profiling) `clock`,
// `split_every`, `branches` and the rules' H are absent. Rules are the selected ones only, in id order.
#pragma once

#include <string>

namespace studio::metrics {

class profile_run;
class log_histogram;

/** Serializes a finished run. */
std::string write_profile_json(const profile_run& run);

/** Appends one histogram object (H above). */
void append_histogram_json(std::string& out, const log_histogram& histogram);

}  // namespace studio::metrics
