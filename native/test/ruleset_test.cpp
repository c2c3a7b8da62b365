// Tests of evaluation trees and the rule set on real captures, with small compiled rule sets
// written here as JSON (the same document the server produces): rule matching first/all,
// enter events, the event-type index, selection, missing values (false, also for !=; `not`
// of it true; exists), every value class, val(), transformers, modifiers, build errors with
// positions, and alert formatting (<NA>, widths). Usage: ruleset_test CAPTURES_DIR.
// Prints "N passed, M failed" and exits non-zero on a failure.
#include <cstdio>
#include <string>
#include <vector>

#include "check.h"
#include "ruleset/replay.h"

using namespace studio;

static std::string s_captures;

namespace {

struct collect_sink final : ruleset::line_sink {
	std::string text;
	void write(std::string& chunk) override { text += chunk; }
};

struct run_result {
	std::vector<std::string> lines;
	std::vector<ruleset::rule_problem> problems;
	std::string summary;
	size_t loaded = 0;
	/** evt_num of every alert line, in order, prefixed by the rule name: "Rule@141". */
	std::vector<std::string> hits;
};

// A check node as JSON. `rhs` is raw JSON (or empty for exists).
std::string check(const std::string& field, const std::string& op, const std::string& rhs = "", int line = 0) {
	std::string lhs = field[0] == '{' ? field : "{\"kind\":\"field\",\"name\":\"" + field + "\"}";
	std::string node = "{\"kind\":\"check\",\"lhs\":" + lhs + ",\"op\":\"" + op + "\"";
	if(!rhs.empty()) node += ",\"rhs\":" + rhs;
	return node + ",\"position\":{\"file\":0,\"line\":" + std::to_string(line) + ",\"column\":4}}";
}
std::string str(const std::string& v) { return "{\"kind\":\"string\",\"value\":\"" + v + "\"}"; }
std::string list(const std::string& items) { return "{\"kind\":\"list\",\"values\":[" + items + "]}"; }
std::string node(const char* kind, const std::string& a, const std::string& b) {
	return std::string("{\"kind\":\"") + kind + "\",\"children\":[" + a + "," + b + "]}";
}
std::string negate(const std::string& a) { return "{\"kind\":\"not\",\"child\":" + a + "}"; }

struct rule_spec {
	std::string name;
	std::string condition;
	std::string codes = "\"all\"";
	std::string output = "[{\"kind\":\"field\",\"expr\":{\"kind\":\"field\",\"name\":\"fd.name\"}}]";
	int level = 4;
	bool enabled = true;
	std::string tags = "[]";
};

std::string rule_set(const std::vector<rule_spec>& rules) {
	static const char* const k_priorities[] = {"Emergency", "Alert", "Critical", "Error", "Warning", "Notice", "Informational", "Debug"};
	std::string json = "{\"version\":1,\"files\":[\"own.yaml\"],\"rules\":[";
	for(size_t i = 0; i < rules.size(); i++) {
		const rule_spec& r = rules[i];
		if(i > 0) json += ",";
		json += "{\"id\":" + std::to_string(i) + ",\"name\":\"" + r.name + "\",\"priority\":\"" + k_priorities[r.level] +
		        "\",\"priorityLevel\":" + std::to_string(r.level) + ",\"source\":\"syscall\",\"tags\":" + r.tags +
		        ",\"enabled\":" + (r.enabled ? "true" : "false") + ",\"evtCodes\":" + r.codes +
		        ",\"condition\":" + r.condition + ",\"output\":" + r.output +
		        ",\"position\":{\"file\":0,\"line\":" + std::to_string(i) + ",\"column\":2}}";
	}
	return json + "]}";
}

run_result run(const std::string& capture, const std::vector<rule_spec>& rules, ruleset::replay_options options = {},
               const ruleset::selection_options& selection = {}) {
	run_result result;
	filter::compiled_rule_set set;
	std::string error;
	if(!filter::read_compiled_rule_set(rule_set(rules), set, error)) {
		std::fprintf(stderr, "bad test rule set: %s\n", error.c_str());
		g_checks_failed++;
		return result;
	}
	ruleset::ruleset loaded;
	result.loaded = loaded.load(std::move(set), selection, result.problems);
	state::inspector inspector;
	if(!inspector.open_file(s_captures + "/" + capture)) {
		std::fprintf(stderr, "cannot open %s\n", capture.c_str());
		g_checks_failed++;
		return result;
	}
	collect_sink sink;
	ruleset::replay_run replay(inspector, loaded, options, sink);
	CHECK(replay.run(error));
	result.summary = replay.summary_line();
	size_t pos = 0;
	while(pos < sink.text.size()) {
		size_t nl = sink.text.find('\n', pos);
		std::string line = sink.text.substr(pos, nl - pos);
		result.lines.push_back(line);
		size_t name_at = line.find("{\"rule\":\"");
		size_t num_at = line.find("\"evt_num\":");
		if(name_at == 0 && num_at != std::string::npos) {
			size_t name_end = line.find('"', 9);
			result.hits.push_back(line.substr(9, name_end - 9) + "@" + std::to_string(std::stoull(line.substr(num_at + 10))));
		}
		pos = nl + 1;
	}
	return result;
}

std::string open_cat() {
	return node("and", check("evt.type", "in", list("\"open\",\"openat\"")), check("proc.name", "=", str("cat")));
}

ruleset::replay_options options(bool all, bool enter) {
	ruleset::replay_options o;
	o.matching = all ? ruleset::rule_matching::all : ruleset::rule_matching::first;
	o.enter_events = enter;
	return o;
}

void test_matching_and_enter_events() {
	// Falco's own expectation: cat_write.scap, rule "Open From Cat" = 8 with enter events.
	std::vector<rule_spec> rules = {{"A", open_cat()}, {"B", check("fd.name", "=", str("/dev/null"))}};
	run_result legacy = run("cat_write.scap", {{"A", open_cat()}}, options(true, true));
	CHECK(legacy.hits.size() == 8);
	run_result modern = run("cat_write.scap", {{"A", open_cat()}}, options(true, false));
	CHECK(modern.hits.size() == 4);
	CHECK(modern.hits.size() == 4 && modern.hits[0] == "A@141" && modern.hits[3] == "A@197");
	// first: event 197 (open of /dev/null) matches A and B, only A alerts; all: both.
	run_result first = run("cat_write.scap", rules, options(false, false));
	run_result all = run("cat_write.scap", rules, options(true, false));
	size_t a_first = 0;
	size_t b_at_197_first = 0;
	for(const std::string& h : first.hits) {
		if(h[0] == 'A') a_first++;
		if(h == "B@197") b_at_197_first++;
	}
	CHECK(a_first == 4 && b_at_197_first == 0);
	bool both_at_197 = false;
	for(size_t i = 0; i + 1 < all.hits.size(); i++) {
		if(all.hits[i] == "A@197" && all.hits[i + 1] == "B@197") both_at_197 = true;
	}
	CHECK(both_at_197);
	CHECK(all.summary.find("\"alerts_by_rule\":{\"A\":4,\"B\":") != std::string::npos);
}

void test_index_and_generic_events() {
	// syscall.scap: detect_madvise = 2 and detect_open = 2 with enter events (Falco's test
	// counts: each enter+exit of a madvise is seen; open of /dev/null twice = 2 events).
	std::vector<rule_spec> rules = {
	        {"detect_madvise", check("evt.type", "=", str("madvise"))},
	        {"detect_open", node("and", check("evt.type", "=", str("open")), check("fd.name", "=", str("/dev/null")))}};
	run_result legacy = run("syscall.scap", rules, options(true, true));
	size_t madvise = 0;
	size_t open = 0;
	for(const std::string& h : legacy.hits) {
		if(h.rfind("detect_madvise@", 0) == 0) madvise++;
		if(h.rfind("detect_open@", 0) == 0) open++;
	}
	CHECK(madvise == 4);  // 2 madvise calls, each seen on enter and exit
	CHECK(open == 2);     // fd.name is only known on the exit of each open
	// Indexed under open's codes only, the madvise rule never runs on opens.
	rules[1].codes = "[2,3]";
	filter::compiled_rule_set set;
	std::string error;
	CHECK(filter::read_compiled_rule_set(rule_set(rules), set, error));
	ruleset::ruleset loaded;
	std::vector<ruleset::rule_problem> problems;
	CHECK(loaded.load(std::move(set), {}, problems) == 2);
	CHECK(loaded.candidates(3).size() == 2 && loaded.candidates(3)[0] == 0 && loaded.candidates(3)[1] == 1);
	CHECK(loaded.candidates(5).size() == 1 && loaded.candidates(5)[0] == 0);
}

void test_missing_values() {
	// connect_localhost: thread 31699 has no proclist entry, so user.name is missing on its events.
	std::string is_connect = check("evt.type", "=", str("connect"));
	run_result ne = run("connect_localhost.scap", {{"ne", node("and", is_connect, check("user.name", "!=", str("nobody")))}}, options(true, false));
	CHECK(ne.hits.empty());
	run_result negated = run("connect_localhost.scap", {{"not", node("and", is_connect, negate(check("user.name", "=", str("nobody"))))}}, options(true, false));
	CHECK(negated.hits.size() == 1 && negated.hits[0] == "not@187");
	run_result exists = run("connect_localhost.scap", {{"exists", node("and", check("evt.type", "=", str("socket")), check("user.name", "exists"))}}, options(true, false));
	CHECK(exists.hits.size() == 2);
	run_result na = run("connect_localhost.scap",
	                    {{"na", is_connect, "\"all\"",
	                      "[{\"kind\":\"text\",\"text\":\"u=\"},{\"kind\":\"field\",\"expr\":{\"kind\":\"field\",\"name\":\"user.name\"}},"
	                      "{\"kind\":\"text\",\"text\":\" [\"},{\"kind\":\"field\",\"expr\":{\"kind\":\"field\",\"name\":\"fd.rip\"},\"width\":12},"
	                      "{\"kind\":\"text\",\"text\":\"][\"},{\"kind\":\"field\",\"expr\":{\"kind\":\"field\",\"name\":\"fd.name\"},\"width\":5},"
	                      "{\"kind\":\"text\",\"text\":\"]\"}]"}},
	                    options(true, false));
	CHECK(na.lines.size() == 1 && na.lines[0].find("\"output_text\":\"u=<NA> [127.0.0.1   ][127.0]\"") != std::string::npos);
	CHECK(na.lines.size() == 1 && na.lines[0].find("\"output\":\"") != std::string::npos &&
	      na.lines[0].find(": Warning u=<NA>") != std::string::npos);
}

void test_value_classes() {
	std::string is_connect = check("evt.type", "=", str("connect"));
	auto count = [&](const char* capture, const std::string& condition) {
		return run(capture, {{"r", node("and", is_connect, condition)}}, options(true, false)).hits.size();
	};
	CHECK(count("connect_localhost.scap", check("fd.rip", "=", str("127.0.0.1"))) == 1);
	CHECK(count("connect_localhost.scap", check("fd.rip", "!=", str("127.0.0.1"))) == 0);
	CHECK(count("connect_localhost.scap", check("fd.rnet", "in", list("\"10.0.0.0/8\",\"127.0.0.0/8\""))) == 1);
	CHECK(count("connect_localhost.scap", check("fd.net", "=", str("127.0.0.0/8"))) == 1);
	CHECK(count("connect_localhost.scap", check("fd.net", "=", str("10.0.0.0/8"))) == 0);
	CHECK(count("connect_localhost.scap", check("fd.rport", "<=", str("80"))) == 1);
	CHECK(count("connect_localhost.scap", check("fd.rport", ">", str("80"))) == 0);
	CHECK(count("connect_localhost.scap", check("fd.port", "!=", str("80"))) == 0);  // fd.* pair: both sides differ
	CHECK(count("connect_localhost.scap", check("fd.port", "=", str("47192"))) == 1);
	CHECK(count("connect_localhost.scap", check("fd.lport", "in", list("\"1\",\"2\",\"3\",\"4\",\"5\",\"6\",\"7\",\"8\",\"9\",\"47192\""))) == 1);
	CHECK(count("connect_localhost.scap", check("fd.port", "intersects", list("\"80\""))) == 1);
	CHECK(count("connect_localhost.scap", check("fd.name", "regex", str("127\\\\.0\\\\.0\\\\.1:[0-9]+->.*:80"))) == 1);
	CHECK(count("connect_localhost.scap", check("fd.name", "iglob", str("127.0.0.1:*->*:80"))) == 1);
	CHECK(count("connect_localhost.scap", check("fd.name", "startswith anyof", list("\"10.\",\"127.\""))) == 1);
	CHECK(count("connect_localhost.scap", check("fd.name", "startswith oneof", list("\"127.\",\"127.0\""))) == 0);
	CHECK(count("connect_localhost.scap", check("fd.name", "contains allof", list("\"127.\",\":80\""))) == 1);
	CHECK(count("connect_localhost.scap", check("fd.sip", "=", "{\"kind\":\"field\",\"expr\":{\"kind\":\"field\",\"name\":\"fd.cip\"}}")) == 1);
	CHECK(count("connect_localhost.scap", check("fd.sport", "=", "{\"kind\":\"field\",\"expr\":{\"kind\":\"field\",\"name\":\"fd.cport\"}}")) == 0);
	std::string upper_lhs = "{\"kind\":\"transformer\",\"name\":\"toupper\",\"args\":[{\"kind\":\"field\",\"name\":\"fd.l4proto\"}]}";
	CHECK(count("connect_localhost.scap", check(upper_lhs, "=", str("TCP"))) == 1);
	std::string len_lhs = "{\"kind\":\"transformer\",\"name\":\"len\",\"args\":[{\"kind\":\"field\",\"name\":\"fd.name\"}]}";
	CHECK(count("connect_localhost.scap", check(len_lhs, "=", str("29"))) == 1);
	std::string basename_lhs = "{\"kind\":\"transformer\",\"name\":\"basename\",\"args\":[{\"kind\":\"field\",\"name\":\"fd.name\"}]}";
	CHECK(count("connect_localhost.scap", check(basename_lhs, "=", str("127.0.0.1:47192->127.0.0.1:80"))) == 1);
	std::string concat_lhs = "{\"kind\":\"transformer\",\"name\":\"concat\",\"args\":[{\"kind\":\"field\",\"name\":\"fd.l4proto\"},{\"kind\":\"string\",\"value\":\"/\"},{\"kind\":\"field\",\"name\":\"fd.rport\"}]}";
	CHECK(count("connect_localhost.scap", check(concat_lhs, "=", str("tcp/80"))) == 1);
	std::string lower_rhs = "{\"kind\":\"field\",\"expr\":{\"kind\":\"transformer\",\"name\":\"tolower\",\"args\":[{\"kind\":\"field\",\"name\":\"fd.l4proto\"}]}}";
	CHECK(count("connect_localhost.scap", check("fd.l4proto", "=", lower_rhs)) == 1);
	CHECK(count("connect_localhost.scap", check("evt.rawres", "<", str("0"))) == 1);
	CHECK(count("connect_localhost.scap", check("evt.rawres", ">=", str("-115"))) == 1);
}

void test_selection() {
	std::vector<rule_spec> rules = {{"Open A", open_cat(), "\"all\"", "[]", 4, true, "[\"file\"]"},
	                                {"Open B", open_cat(), "\"all\"", "[]", 7, true, "[\"debug\"]"},
	                                {"Open C", open_cat(), "\"all\"", "[]", 2, false, "[\"extra\"]"}};
	auto loaded = [&](const ruleset::selection_options& s) { return run("cat_write.scap", rules, options(true, false), s).loaded; };
	ruleset::selection_options s;
	CHECK(loaded(s) == 2);
	s.disable_rules = {"Open *"};
	CHECK(loaded(s) == 0);
	s.disable_rules = {"Open A"};
	CHECK(loaded(s) == 1);
	s = {};
	s.enable_tags = {"extra"};
	CHECK(loaded(s) == 1);
	s = {};
	s.disable_tags = {"debug"};
	CHECK(loaded(s) == 1);
	s = {};
	s.min_priority_level = ruleset::priority_level("warning");
	CHECK(loaded(s) == 1);
	CHECK(ruleset::priority_level("INFO") == 6 && ruleset::priority_level("bogus") == -1);
}

void test_build_errors() {
	std::vector<rule_spec> rules = {{"unknown field", check("proc.nope", "=", str("x"), 11)},
	                                {"bad number", check("fd.rport", "=", str("http"), 12)},
	                                {"bad hex", check("evt.buffer", "bcontains", str("xyz"), 13)},
	                                {"bad op", check("fd.rport", "contains", str("8"), 14)},
	                                {"bad net", check("fd.rnet", "=", str("127.0.0.1"), 15)},
	                                {"bad regex", check("fd.name", "regex", str("(a"), 16)},
	                                {"good", open_cat()}};
	run_result result = run("cat_write.scap", rules, options(true, false));
	CHECK(result.loaded == 1);
	CHECK(result.problems.size() == 6);
	for(size_t i = 0; i < result.problems.size(); i++) {
		CHECK(result.problems[i].rule_id == i && result.problems[i].pos.line == static_cast<int>(11 + i) &&
		      !result.problems[i].message.empty());
	}
	filter::compiled_rule_set set;
	std::string error;
	CHECK(!filter::read_compiled_rule_set("{\"version\":2,\"files\":[],\"rules\":[]}", set, error) &&
	      error.find("unsupported version 2") != std::string::npos);
	CHECK(!filter::read_compiled_rule_set("{\"version\":1,\"files\":[],\"rules\":[{\"id\":3}]}", set, error) &&
	      error.find("$.rules[0]") != std::string::npos);
}

}  // namespace

int main(int argc, char** argv) {
	s_captures = argc > 1 ? argv[1] : "test/fixtures/captures";
	test_matching_and_enter_events();
	test_index_and_generic_events();
	test_missing_values();
	test_value_classes();
	test_selection();
	test_build_errors();
	return finish_checks();
}
