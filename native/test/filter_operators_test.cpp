// Unit tests of the filter's pure operator functions: glob/iglob (checked against glibc's
// fnmatch, which libsinsp calls), the RE2-style full-match regex, CIDR matching, hex and
// base64 decoding, pmatch path prefixes, number parsing and the strict JSON reader. Plain
// C++ with no framework: prints "N passed, M failed" and exits non-zero on a failure.
#include <fnmatch.h>

#include <cstdio>
#include <string>

#include "check.h"
#include "filter/glob.h"
#include "filter/json.h"
#include "filter/net.h"
#include "filter/operators.h"
#include "filter/regex.h"

using namespace studio::filter;


static bool re(const char* pattern, const std::string& value) {
	regex r;
	std::string error;
	if(!r.compile(pattern, error)) {
		std::fprintf(stderr, "regex %s: %s\n", pattern, error.c_str());
		return false;
	}
	return r.full_match(value);
}

static bool re_error(const char* pattern) {
	regex r;
	std::string error;
	return !r.compile(pattern, error) && !error.empty();
}

static void test_glob_against_fnmatch() {
	const char* patterns[] = {"*", "/home/*/.ssh/*", "*../*../*", "/proc/*/environ", "a?c", "[abc]*", "[!a]*",
	                          "[^a]x", "[a-c]z", "*.[ch]", "\\*lit", "x[]]y", "[[:digit:]]*", "a*b*c", "*a*a*a*b",
	                          "[", "ab[", "*/", "", "?*?", "[A-Z]*"};
	const char* values[] = {"", "a", "abc", "/home/u/.ssh/id_rsa", "/home/u/x", "a../b../c", "/proc/1/environ",
	                        "/proc/1/2/environ", "bx", "ax", "bz", "file.c", "file.h", "*lit", "xlit", "x]y",
	                        "7up", "aXbYc", "aaaaaaaaaaaaaaaaaaaaab", "aaaaaaaaaaaaaaaaaaaaa", "[", "ab[", "dir/",
	                        "Hello", "hello"};
	for(const char* p : patterns) {
		for(const char* v : values) {
			bool expected = fnmatch(p, v, 0) == 0;
			bool expected_ci = fnmatch(p, v, FNM_CASEFOLD) == 0;
			if(glob_match(p, v, false) != expected || glob_match(p, v, true) != expected_ci) {
				std::fprintf(stderr, "glob mismatch: pattern '%s' value '%s'\n", p, v);
				g_checks_failed++;
			} else {
				g_checks_passed++;
			}
		}
	}
	// A pathological pattern stays fast (no exponential backtracking).
	std::string long_value(100000, 'a');
	CHECK(!glob_match("*a*a*a*a*a*a*b", long_value, false));
}

static void test_regex() {
	CHECK(re("abc", "abc"));
	CHECK(!re("abc", "abcd"));  // full match: anchored at both ends
	CHECK(!re("bc", "abc"));
	CHECK(re(".*bc", "abc"));
	CHECK(re("a(b|c)+d", "abcbd"));
	CHECK(re("(?:ab)*", ""));
	CHECK(re("[a-z]+[0-9]{2,3}", "curl123"));
	CHECK(!re("[a-z]+[0-9]{2,3}", "curl1234"));
	CHECK(re("\\d+\\.\\d+", "10.25"));
	CHECK(re("\\w+\\s\\S+", "ab_1 x/y"));
	CHECK(re("(?i)CuRl", "curl"));
	CHECK(!re("CuRl", "curl"));
	CHECK(re("[^/]+", "file"));
	CHECK(!re("[^/]+", "a/b"));
	CHECK(re("^/usr/bin/.*$", "/usr/bin/python3"));
	CHECK(re("a{3}", "aaa"));
	CHECK(!re("a{3}", "aa"));
	CHECK(re("a{2,}", "aaaaa"));
	CHECK(re("x*?y", "xxy"));
	CHECK(re("\\x41\\x{42}", "AB"));
	CHECK(re("[[:alpha:]]+", "abc"));
	CHECK(re("(a*)*b", "aaab"));
	CHECK(!re(".", "\n"));  // RE2: dot does not match newline by default
	CHECK(re("(?s).", "\n"));
	CHECK(re("a\\b b", "a b"));
	CHECK(!re("a\\bb", "ab"));
	CHECK(re("\\bfoo\\b.*", "foo bar"));
	CHECK(re("(?P<name>ab)c", "abc"));
	CHECK(re_error("(ab"));
	CHECK(re_error("ab)"));
	CHECK(re_error("*a"));
	CHECK(re_error("[a-"));
	CHECK(re_error("a\\q"));
	CHECK(re_error("a{1001}"));
	// Long inputs run in linear time without recursion.
	std::string long_value(1000000, 'a');
	CHECK(re("(a|aa)*", long_value));
	CHECK(!re("(a|aa)*b", long_value));
	CHECK(re("(.*)*a", long_value));
}

static void test_net() {
	ip_address a;
	ip_net n;
	CHECK(parse_ip_address("127.0.0.1", a) && a.family == 4);
	CHECK(parse_ip_net("127.0.0.0/8", n) && net_contains(n, a));
	CHECK(parse_ip_net("127.0.0.1/24", n) && net_contains(n, a));
	CHECK(parse_ip_net("10.0.0.0/8", n) && !net_contains(n, a));
	CHECK(parse_ip_net("0.0.0.0/0", n) && net_contains(n, a));
	CHECK(parse_ip_address("2001:4860:4860::8888", a) && a.family == 6);
	CHECK(parse_ip_net("2001:4860::/32", n) && net_contains(n, a));
	CHECK(parse_ip_net("2001:db8::/32", n) && !net_contains(n, a));
	CHECK(parse_ip_address("::ffff:127.0.0.1", a) && parse_ip_net("127.0.0.0/8", n) && net_contains(n, a));
	CHECK(!parse_ip_net("127.0.0.0/33", n));
	CHECK(!parse_ip_net("127.0.0.0/", n));
	CHECK(!parse_ip_address("127.0.0", a));
	CHECK(!parse_ip_address("localhost", a));
	CHECK(parse_ip_address("::1", a) && format_ip_address(a) == "::1");
}

static void test_strings_and_numbers() {
	std::string out;
	CHECK(decode_hex("cafeBABE", out) && out == std::string("\xca\xfe\xba\xbe"));
	CHECK(!decode_hex("abc", out));
	CHECK(!decode_hex("zz", out));
	CHECK(decode_base64("aGVsbG8=", out) && out == "hello");
	CHECK(decode_base64("aGVsbG8", out) && out == "hello");
	CHECK(!decode_base64("a$b", out));
	CHECK(icontains("/ETC/Shadow", "shadow"));
	CHECK(!icontains("/etc/shado", "shadow"));
	CHECK(contains_bytes(std::string("a\0b", 3), std::string("\0b", 2)));
	CHECK(starts_with("/etc/passwd", "/etc/") && !starts_with("/et", "/etc"));
	CHECK(ends_with("libc.so.6", ".so.6"));
	path_prefix_set paths;
	paths.add("/usr/lib");
	paths.add("/etc/");
	CHECK(paths.matches("/usr/lib"));
	CHECK(paths.matches("/usr/lib/x86_64/libc.so"));
	CHECK(!paths.matches("/usr/libexec/x"));
	CHECK(paths.matches("/etc"));
	CHECK(paths.matches("//etc//passwd"));
	CHECK(!paths.matches("/var/etc"));
	uint64_t u = 0;
	int64_t i = 0;
	double d = 0;
	CHECK(parse_unsigned("80", u) && u == 80);
	CHECK(parse_unsigned("0x10", u) && u == 16);
	CHECK(!parse_unsigned("-1", u));
	CHECK(!parse_unsigned("80a", u));
	CHECK(!parse_unsigned("", u));
	CHECK(parse_signed("-2", i) && i == -2);
	CHECK(!parse_signed("1.5", i));
	CHECK(parse_double("1.5", d) && d == 1.5);
	cmp_op op;
	op_modifier mod;
	CHECK(parse_op("==", op, mod) && op == cmp_op::EQ && mod == op_modifier::NONE);
	CHECK(parse_op("startswith anyof", op, mod) && op == cmp_op::STARTSWITH && mod == op_modifier::ANYOF);
	CHECK(!parse_op("startswith someof", op, mod));
	CHECK(!parse_op("like", op, mod));
}

static void test_json() {
	json_value v;
	std::string error;
	CHECK(parse_json(R"({"a":[1,-2.5e3,true,false,null],"s":"x\u00e9\n\"\ud83d\ude00"})", v, error));
	CHECK(v.get("a") && v.get("a")->array.size() == 5 && v.get("a")->array[1].number == -2500);
	CHECK(v.get("s") && v.get("s")->string == "x\xc3\xa9\n\"\xf0\x9f\x98\x80");
	CHECK(!parse_json("{\"a\":1,}", v, error) && error.find("offset") != std::string::npos);
	CHECK(!parse_json("[1 2]", v, error));
	CHECK(!parse_json("01", v, error));
	CHECK(!parse_json("\"a", v, error));
	CHECK(!parse_json("{} x", v, error));
	CHECK(!parse_json(std::string(100000, '['), v, error));  // depth cap, no stack overflow
}

int main() {
	test_glob_against_fnmatch();
	test_regex();
	test_net();
	test_strings_and_numbers();
	test_json();
	return finish_checks();
}
