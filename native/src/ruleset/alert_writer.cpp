// JSON lines of the replay stream (see alert_writer.h).
#include "ruleset/alert_writer.h"

#include <cstdio>
#include <ctime>

namespace studio::ruleset {

void append_json_string(std::string& out, std::string_view text) {
	static const char k_hex[] = "0123456789abcdef";
	out += '"';
	for(char ch : text) {
		unsigned char c = static_cast<unsigned char>(ch);
		switch(c) {
		case '"': out += "\\\""; break;
		case '\\': out += "\\\\"; break;
		case '\n': out += "\\n"; break;
		case '\r': out += "\\r"; break;
		case '\t': out += "\\t"; break;
		default:
			if(c < 0x20 || c == 0x7f) {
				out += "\\u00";
				out += k_hex[c >> 4];
				out += k_hex[c & 15];
			} else {
				out += ch;
			}
		}
	}
	out += '"';
}

namespace {

void split_time(uint64_t ts_ns, std::tm& tm, uint64_t& nanos) {
	std::time_t seconds = static_cast<std::time_t>(ts_ns / 1000000000ull);
	nanos = ts_ns % 1000000000ull;
	gmtime_r(&seconds, &tm);
}

}  // namespace

void append_iso_time(std::string& out, uint64_t ts_ns) {
	std::tm tm{};
	uint64_t nanos = 0;
	split_time(ts_ns, tm, nanos);
	char buffer[64];
	std::snprintf(buffer, sizeof(buffer), "%04d-%02d-%02dT%02d:%02d:%02d.%09lluZ", tm.tm_year + 1900, tm.tm_mon + 1,
	              tm.tm_mday, tm.tm_hour, tm.tm_min, tm.tm_sec, static_cast<unsigned long long>(nanos));
	out += buffer;
}

void append_clock_time(std::string& out, uint64_t ts_ns) {
	std::tm tm{};
	uint64_t nanos = 0;
	split_time(ts_ns, tm, nanos);
	char buffer[32];
	std::snprintf(buffer, sizeof(buffer), "%02d:%02d:%02d.%09llu", tm.tm_hour, tm.tm_min, tm.tm_sec,
	              static_cast<unsigned long long>(nanos));
	out += buffer;
}

void append_alert_line(std::string& out, const std::string& rule, const std::string& priority,
                       const std::string& source, std::string_view text, uint64_t evt_num, uint64_t ts_ns) {
	std::string line_text;
	append_clock_time(line_text, ts_ns);
	line_text += ": ";
	line_text += priority;
	line_text += ' ';
	line_text += text;
	out += "{\"rule\":";
	append_json_string(out, rule);
	out += ",\"priority\":";
	append_json_string(out, priority);
	out += ",\"source\":";
	append_json_string(out, source);
	out += ",\"output\":";
	append_json_string(out, line_text);
	out += ",\"evt_num\":";
	out += std::to_string(evt_num);
	out += ",\"time\":\"";
	append_iso_time(out, ts_ns);
	out += "\",\"output_text\":";
	append_json_string(out, text);
	out += "}\n";
}

void append_unmatched_line(std::string& out, uint64_t evt_num, uint64_t ts_ns, std::string_view evt_type) {
	out += "{\"evt_num\":";
	out += std::to_string(evt_num);
	out += ",\"time\":\"";
	append_iso_time(out, ts_ns);
	out += "\",\"evt_type\":";
	append_json_string(out, evt_type);
	out += ",\"matched\":false}\n";
}

}  // namespace studio::ruleset
