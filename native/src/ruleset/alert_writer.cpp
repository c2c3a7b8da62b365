// JSON lines of the replay stream (see alert_writer.h).
#include "ruleset/alert_writer.h"

#include <charconv>
#include <cstdio>
#include <cstring>
#include <ctime>

namespace studio::ruleset {

namespace {

struct escape_table {
	bool needs[256] = {};
	escape_table() {
		for(int c = 0; c < 0x20; c++) needs[c] = true;
		needs[static_cast<unsigned char>('"')] = true;
		needs[static_cast<unsigned char>('\\')] = true;
		needs[0x7f] = true;
	}
};
const escape_table k_escape;

inline bool needs_escape(unsigned char c) {
	return k_escape.needs[c];
}

/** Writes the JSON escape of one character that needs_escape(); returns the end. */
char* put_escape(char* p, unsigned char c) {
	static const char k_hex[] = "0123456789abcdef";
	*p++ = '\\';
	switch(c) {
	case '"': *p++ = '"'; break;
	case '\\': *p++ = '\\'; break;
	case '\n': *p++ = 'n'; break;
	case '\r': *p++ = 'r'; break;
	case '\t': *p++ = 't'; break;
	default:
		*p++ = 'u';
		*p++ = '0';
		*p++ = '0';
		*p++ = k_hex[c >> 4];
		*p++ = k_hex[c & 15];
	}
	return p;
}

/** Writes a JSON string body (at most 6 bytes per input byte); returns the end. */
char* put_json_body(char* p, std::string_view text) {
	const unsigned char* s = reinterpret_cast<const unsigned char*>(text.data());
	size_t start = 0;
	for(size_t i = 0; i < text.size(); i++) {
		if(!needs_escape(s[i])) continue;
		std::memcpy(p, s + start, i - start);
		p += i - start;
		p = put_escape(p, s[i]);
		start = i + 1;
	}
	std::memcpy(p, s + start, text.size() - start);
	return p + (text.size() - start);
}

char* put(char* p, std::string_view text) {
	std::memcpy(p, text.data(), text.size());
	return p + text.size();
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
	// Written straight into a buffer sized for the worst case (6 bytes per escaped byte),
	// then trimmed: no per-piece append calls.
	const second_text& second = text_of_second(ts_ns / 1000000000ull);
	const uint64_t nanos = ts_ns % 1000000000ull;
	char nano_text[10];
	nano_text[0] = '.';
	uint64_t n = nanos;
	for(int i = 9; i >= 1; i--) {
		nano_text[i] = static_cast<char>('0' + n % 10);
		n /= 10;
	}
	char num_text[24];
	const auto num_end = std::to_chars(num_text, num_text + sizeof(num_text), evt_num).ptr;
	const size_t bound = 160 + second.len * 2 + 6 * (rule.size() + 2 * priority.size() + source.size() + 2 * text.size());
	const size_t at = out.size();
	out.resize(at + bound);
	char* p = out.data() + at;
	p = put(p, "{\"rule\":\"");
	p = put_json_body(p, rule);
	p = put(p, "\",\"priority\":\"");
	p = put_json_body(p, priority);
	p = put(p, "\",\"source\":\"");
	p = put_json_body(p, source);
	// "output" is "<clock time>: <priority> <text>" (the clock time needs no escaping).
	p = put(p, "\",\"output\":\"");
	p = put(p, std::string_view(second.text + second.clock_at, second.len - second.clock_at));
	p = put(p, std::string_view(nano_text, 10));
	p = put(p, ": ");
	p = put_json_body(p, priority);
	*p++ = ' ';
	p = put_json_body(p, text);
	p = put(p, "\",\"evt_num\":");
	p = put(p, std::string_view(num_text, static_cast<size_t>(num_end - num_text)));
	p = put(p, ",\"time\":\"");
	p = put(p, std::string_view(second.text, second.len));
	p = put(p, std::string_view(nano_text, 10));
	p = put(p, "Z\",\"output_text\":\"");
	p = put_json_body(p, text);
	p = put(p, "\"}\n");
	out.resize(static_cast<size_t>(p - out.data()));
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
