// Differential checks of the engine's hand-written text paths against slow references: IP
// addresses against the C library's inet_ntop, path normalisation against a split-and-join
// reference, and the alert writer's JSON escaping, times and whole alert lines against snprintf
// and plain string building. The fast paths exist for speed only, so any difference from the
// reference is a bug. Deterministic
// pseudo-random inputs plus the edge cases; prints "N passed, M failed".
#include <arpa/inet.h>

#include <cstdint>
#include <cstdio>
#include <ctime>
#include <string>
#include <string_view>
#include <vector>

#include "check.h"
#include "ruleset/alert_writer.h"
#include "state/fd_info.h"
#include "state/parsers.h"

using namespace studio;

namespace {

uint64_t g_seed = 0x9e3779b97f4a7c15ull;
uint64_t next_random() {
	g_seed ^= g_seed << 13;
	g_seed ^= g_seed >> 7;
	g_seed ^= g_seed << 17;
	return g_seed;
}

std::string reference_ip(const uint8_t* addr, bool ipv6) {
	char buf[INET6_ADDRSTRLEN] = {};
	inet_ntop(ipv6 ? AF_INET6 : AF_INET, addr, buf, sizeof(buf));
	return buf;
}

/** The path rule the state model follows, written the plain way (split, resolve, join). */
std::string reference_concat(std::string_view dir, std::string_view name) {
	std::string joined;
	if(!name.empty() && name[0] == '/') {
		joined.assign(name);
	} else {
		joined.assign(dir);
		if(!joined.empty() && joined.back() != '/') joined += '/';
		joined.append(name);
	}
	std::vector<std::string> parts;
	bool trailing = !joined.empty() && joined.back() == '/' && joined.size() > 1;
	size_t pos = 0;
	while(pos <= joined.size()) {
		size_t next = joined.find('/', pos);
		if(next == std::string::npos) next = joined.size();
		std::string part = joined.substr(pos, next - pos);
		if(part == "..") {
			if(!parts.empty()) parts.pop_back();
		} else if(!part.empty() && part != ".") {
			parts.push_back(part);
		}
		pos = next + 1;
	}
	std::string out = !joined.empty() && joined[0] == '/' ? "/" : "";
	for(size_t i = 0; i < parts.size(); i++) {
		if(i > 0) out += '/';
		out += parts[i];
	}
	if(trailing && !parts.empty()) out += '/';
	return out;
}

std::string random_path() {
	static const char* const pieces[] = {"", "/", "a", "bc", ".", "..", "//", "etc", "x.y", "..."};
	std::string s;
	int n = static_cast<int>(next_random() % 7);
	for(int i = 0; i < n; i++) s += pieces[next_random() % 10];
	return s;
}

std::string reference_json(std::string_view text) {
	std::string out = "\"";
	for(char ch : text) {
		unsigned char c = static_cast<unsigned char>(ch);
		char buf[8];
		if(c == '"') out += "\\\"";
		else if(c == '\\') out += "\\\\";
		else if(c == '\n') out += "\\n";
		else if(c == '\r') out += "\\r";
		else if(c == '\t') out += "\\t";
		else if(c < 0x20 || c == 0x7f) {
			std::snprintf(buf, sizeof(buf), "\\u%04x", c);
			out += buf;
		} else {
			out += ch;
		}
	}
	return out + "\"";
}

std::string reference_iso(uint64_t ts) {
	std::time_t s = static_cast<std::time_t>(ts / 1000000000ull);
	std::tm tm{};
	gmtime_r(&s, &tm);
	char buf[64];
	std::snprintf(buf, sizeof(buf), "%04d-%02d-%02dT%02d:%02d:%02d.%09lluZ", tm.tm_year + 1900, tm.tm_mon + 1, tm.tm_mday,
	              tm.tm_hour, tm.tm_min, tm.tm_sec, static_cast<unsigned long long>(ts % 1000000000ull));
	return buf;
}

void check_ips() {
	int mismatches = 0;
	uint8_t a[16];
	// Every pattern of zero groups, with random and small non-zero groups, plus the IPv4 tails.
	for(unsigned mask = 0; mask < 256; mask++) {
		for(int variant = 0; variant < 24; variant++) {
			for(int w = 0; w < 8; w++) {
				unsigned v = 0;
				if((mask >> w) & 1u) {
					uint64_t r = next_random();
					v = variant % 3 == 0 ? 1 + r % 15 : variant % 3 == 1 ? 1 + r % 0xffff : (r % 2 ? 0xffff : 0x100);
				}
				a[2 * w] = static_cast<uint8_t>(v >> 8);
				a[2 * w + 1] = static_cast<uint8_t>(v);
			}
			if(variant == 5) a[10] = a[11] = 0xff;
			if(state::format_ip(a, true) != reference_ip(a, true)) mismatches++;
		}
	}
	for(int i = 0; i < 20000; i++) {
		uint64_t r = next_random();
		for(int k = 0; k < 4; k++) a[k] = static_cast<uint8_t>(k == 0 && i % 3 == 0 ? 0 : r >> (8 * k));
		if(i % 7 == 0) a[1] = a[2] = a[3] = 0;
		if(state::format_ip(a, false) != reference_ip(a, false)) mismatches++;
	}
	CHECK(mismatches == 0);
	state::fd_info fd;
	fd.type = reader::SCAP_FD_IPV4_SOCK;
	const uint8_t sip[4] = {10, 0, 2, 15}, dip[4] = {142, 250, 74, 46};
	std::copy(sip, sip + 4, fd.sip);
	std::copy(dip, dip + 4, fd.dip);
	fd.sport = 54321;
	fd.dport = 443;
	CHECK(state::format_tuple_name(fd) == "10.0.2.15:54321->142.250.74.46:443");
	CHECK(state::format_server_name(fd) == "142.250.74.46:443");
	fd.type = reader::SCAP_FD_IPV6_SOCK;
	std::fill(fd.sip, fd.sip + 16, 0);
	fd.sip[15] = 1;
	std::fill(fd.dip, fd.dip + 16, 0);
	fd.dport = 0;
	CHECK(state::format_tuple_name(fd) == "::1:54321->:::0");
}

void check_paths() {
	int mismatches = 0;
	for(int i = 0; i < 200000; i++) {
		std::string dir = random_path(), name = random_path();
		if(i % 5 == 0 && (dir.empty() || dir[0] != '/')) dir = "/" + dir;
		if(state::parsers::concatenate_paths(dir, name) != reference_concat(dir, name)) {
			if(mismatches++ < 5) std::fprintf(stderr, "concat('%s', '%s')\n", dir.c_str(), name.c_str());
		}
	}
	CHECK(mismatches == 0);
	CHECK(state::parsers::concatenate_paths("/home/u/", "../etc/./passwd") == "/home/etc/passwd");
	CHECK(state::parsers::concatenate_paths("/tmp", "") == "/tmp/");
	CHECK(state::parsers::concatenate_paths("/", "") == "/");
	CHECK(state::parsers::concatenate_paths("", "") == "");
	CHECK(state::parsers::concatenate_paths("rel", "x/") == "rel/x/");
}

void check_alert_text() {
	std::string all;
	for(int c = 0; c < 256; c++) all += static_cast<char>(c);
	std::string out;
	ruleset::append_json_string(out, all);
	CHECK(out == reference_json(all));
	int mismatches = 0;
	for(int i = 0; i < 2000; i++) {
		std::string text;
		int n = static_cast<int>(next_random() % 40);
		for(int k = 0; k < n; k++) text += static_cast<char>(next_random() % 3 == 0 ? next_random() % 128 : 'a' + next_random() % 26);
		out.clear();
		ruleset::append_json_string(out, text);
		if(out != reference_json(text)) mismatches++;
		// Times: bursts inside one second and jumps across days, years and the epoch.
		uint64_t ts = i % 4 == 0 ? next_random() % 4102444800000000000ull : 1470327477000000000ull + next_random() % 3000000000ull;
		out.clear();
		ruleset::append_iso_time(out, ts);
		if(out != reference_iso(ts)) mismatches++;
		out.clear();
		ruleset::append_clock_time(out, ts);
		if(out != reference_iso(ts).substr(11, 18)) mismatches++;
		// Whole alert lines: each piece escaped like the reference, in the contract's order.
		const std::string rule = text.substr(0, text.size() / 2), priority = i % 2 ? "Warning" : text.substr(text.size() / 3);
		const std::string iso = reference_iso(ts);
		const std::string clock = iso.substr(11, 18);
		const uint64_t num = next_random() >> (next_random() % 64);
		std::string expected = "{\"rule\":" + reference_json(rule) + ",\"priority\":" + reference_json(priority) +
		                       ",\"source\":" + reference_json("syscall") + ",\"output\":" +
		                       reference_json(clock + ": " + priority + " " + text) + ",\"evt_num\":" + std::to_string(num) +
		                       ",\"time\":\"" + iso + "\",\"output_text\":" + reference_json(text) + "}\n";
		out = "prefix";
		ruleset::append_alert_line(out, rule, priority, "syscall", text, num, ts);
		if(out != "prefix" + expected) mismatches++;
	}
	CHECK(mismatches == 0);
	out.clear();
	ruleset::append_alert_line(out, "R \"q\"", "Warning", "syscall", "a\tb", 7, 1470327477881781397ull);
	CHECK(out == "{\"rule\":\"R \\\"q\\\"\",\"priority\":\"Warning\",\"source\":\"syscall\",\"output\":\"16:17:57.881781397: "
	             "Warning a\\tb\",\"evt_num\":7,\"time\":\"2016-08-04T16:17:57.881781397Z\",\"output_text\":\"a\\tb\"}\n");
}

}  // namespace

int main() {
	check_ips();
	check_paths();
	check_alert_text();
	return finish_checks();
}
