// The replay's output stream, one JSON object per line (design.md's CLI contract):
//   {"rule":R,"priority":P,"source":S,"output":O,"evt_num":N,"time":T,"output_text":X}
// with `time` in ISO-8601 UTC with nanoseconds and a `Z` (Falco's JSON `time`) and `output`
// as Falco's JSON `output`: "<HH:MM:SS.nnnnnnnnn>: <Priority> <text>" (the event time in
// UTC, Falco's default non-ISO time format); `output_text` is the rule's formatted text alone.
// With --all-events, events that raised no alert get {"evt_num":N,"time":T,"evt_type":E,
// "matched":false}. The last line is {"summary":{...}}. It does not decide what fires.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

namespace studio::ruleset {

/** Appends `text` as a JSON string literal (quotes included), escaping as JSON requires. */
void append_json_string(std::string& out, std::string_view text);

/** ISO-8601 UTC time with nanoseconds: 2016-08-04T16:17:57.881781397Z. */
void append_iso_time(std::string& out, uint64_t ts_ns);

/** Falco's default alert time: 16:17:57.881781397 (UTC). */
void append_clock_time(std::string& out, uint64_t ts_ns);

/** Appends one alert line (with the trailing newline). */
void append_alert_line(std::string& out, const std::string& rule, const std::string& priority,
                       const std::string& source, std::string_view text, uint64_t evt_num, uint64_t ts_ns);

/** Appends one --all-events line for an event that raised no alert. */
void append_unmatched_line(std::string& out, uint64_t evt_num, uint64_t ts_ns, std::string_view evt_type);

}  // namespace studio::ruleset
