// JSON lines of the replay stream (see alert_writer.h).
#include "ruleset/alert_writer.h"

#include <charconv>
#include <cstdio>
#include <ctime>

namespace studio::ruleset {

namespace {

inline bool needs_escape(unsigned char c) {
	return c < 0x20 || c == '"' || c == '\\' || c == 0x7f;
}

/** Appends the JSON escape of one character that needs_escape(). */
void append_escape(std::string& out, unsigned char c) {
	static const char k_hex[] = "0123456789abcdef";
	switch(c) {
	case '"': out += "\\\""; break;
	case '\\': out += "\\\\"; break;
	case '\n': out += "\\n"; break;
	case '\r': out += "\\r"; break;
	case '\t': out += "\\t"; break;
	default: {
		const char esc[6] = {'\\', 'u', '0', '0', k_hex[c >> 4], k_hex[c & 15]};
		out.append(esc, 6);
	}
	}
}

/** The body of a JSON string literal (no quotes): runs of plain characters are copied whole. */
void append_json_body(std::string& out, std::string_view text) {
	size_t start = 0;
	for(size_t i = 0; i < text.size(); i++) {
		unsigned char c = static_cast<unsigned char>(text[i]);
		if(!needs_escape(c)) continue;
		out.append(text.data() + start, i - start);
		append_escape(out, c);
		start = i + 1;
	}
	out.append(text.data() + start, text.size() - start);
}

void put2(char* p, int v) {
	p[0] = static_cast<char>('0' + v / 10 % 10);
	p[1] = static_cast<char>('0' + v % 10);
}

/**
 * "YYYY-MM-DDTHH:MM:SS" of a UTC second, remembered for the last second asked (alerts come in
 * bursts within one second, and gmtime_r is not free).
 */
struct second_text {
	bool valid = false;
	uint64_t seconds = 0;
	char text[32] = {};
	size_t len = 0;
	/** Offset of "HH:MM:SS" in text. */
	size_t clock_at = 0;
};
thread_local second_text t_second;

const second_text& text_of_second(uint64_t seconds) {
	second_text& s = t_second;
	if(s.valid && s.seconds == seconds) return s;
	std::time_t t = static_cast<std::time_t>(seconds);
	std::tm tm{};
	gmtime_r(&t, &tm);
	int year = tm.tm_year + 1900;
	if(year >= 0 && year <= 9999) {
		char* p = s.text;
		p[0] = static_cast<char>('0' + year / 1000);
		p[1] = static_cast<char>('0' + year / 100 % 10);
		put2(p + 2, year % 100);
		p[4] = '-';
		put2(p + 5, tm.tm_mon + 1);
		p[7] = '-';
		put2(p + 8, tm.tm_mday);
		p[10] = 'T';
		put2(p + 11, tm.tm_hour);
		p[13] = ':';
		put2(p + 14, tm.tm_min);
		p[16] = ':';
		put2(p + 17, tm.tm_sec);
		s.len = 19;
		s.clock_at = 11;
	} else {
		int n = std::snprintf(s.text, sizeof(s.text), "%04d-%02d-%02dT", year, tm.tm_mon + 1, tm.tm_mday);
		s.clock_at = static_cast<size_t>(n);
		n += std::snprintf(s.text + n, sizeof(s.text) - static_cast<size_t>(n), "%02d:%02d:%02d", tm.tm_hour, tm.tm_min,
		                   tm.tm_sec);
		s.len = static_cast<size_t>(n);
	}
	s.seconds = seconds;
	s.valid = true;
	return s;
}

/** ".nnnnnnnnn" */
void append_nanos(std::string& out, uint64_t nanos) {
	char buf[10];
	buf[0] = '.';
	for(int i = 9; i >= 1; i--) {
		buf[i] = static_cast<char>('0' + nanos % 10);
		nanos /= 10;
	}
	out.append(buf, 10);
}

void append_uint(std::string& out, uint64_t v) {
	char buf[24];
	auto res = std::to_chars(buf, buf + sizeof(buf), v);
	out.append(buf, static_cast<size_t>(res.ptr - buf));
}

}  // namespace

void append_json_string(std::string& out, std::string_view text) {
	out += '"';
	append_json_body(out, text);
	out += '"';
}

void append_iso_time(std::string& out, uint64_t ts_ns) {
	const second_text& s = text_of_second(ts_ns / 1000000000ull);
	out.append(s.text, s.len);
	append_nanos(out, ts_ns % 1000000000ull);
	out += 'Z';
}

void append_clock_time(std::string& out, uint64_t ts_ns) {
	const second_text& s = text_of_second(ts_ns / 1000000000ull);
	out.append(s.text + s.clock_at, s.len - s.clock_at);
	append_nanos(out, ts_ns % 1000000000ull);
}

void append_alert_line(std::string& out, const std::string& rule, const std::string& priority,
                       const std::string& source, std::string_view text, uint64_t evt_num, uint64_t ts_ns) {
	out += "{\"rule\":";
	append_json_string(out, rule);
	out += ",\"priority\":";
	append_json_string(out, priority);
	out += ",\"source\":";
	append_json_string(out, source);
	// "output" is "<clock time>: <priority> <text>", escaped piece by piece (the clock time
	// needs no escaping).
	out += ",\"output\":\"";
	append_clock_time(out, ts_ns);
	out += ": ";
	append_json_body(out, priority);
	out += ' ';
	append_json_body(out, text);
	out += "\",\"evt_num\":";
	append_uint(out, evt_num);
	out += ",\"time\":\"";
	append_iso_time(out, ts_ns);
	out += "\",\"output_text\":";
	append_json_string(out, text);
	out += "}\n";
}

void append_unmatched_line(std::string& out, uint64_t evt_num, uint64_t ts_ns, std::string_view evt_type) {
	out += "{\"evt_num\":";
	append_uint(out, evt_num);
	out += ",\"time\":\"";
	append_iso_time(out, ts_ns);
	out += "\",\"evt_type\":";
	append_json_string(out, evt_type);
	out += ",\"matched\":false}\n";
}

}  // namespace studio::ruleset
