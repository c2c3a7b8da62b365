// A small strict JSON reader (RFC 8259) for the compiled rule set. It builds a plain tree of
// values and reports the first error with its byte offset. It does not write JSON, keeps
// numbers as double, and rejects what JSON rejects (comments, trailing commas, bare words).
// Nesting is capped so a hostile document cannot overflow the stack.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace studio::filter {

/** One JSON value. Objects keep their members in document order. */
struct json_value {
	enum kind_t { NUL, BOOLEAN, NUMBER, STRING, ARRAY, OBJECT } kind = NUL;
	bool boolean = false;
	double number = 0;
	std::string string;
	std::vector<json_value> array;
	std::vector<std::pair<std::string, json_value>> object;

	/** The member `key` of an object, or null when absent or not an object. */
	const json_value* get(std::string_view key) const;
};

/** Parses `text` into `out`. On error returns false and sets `error` ("... at offset N"). */
bool parse_json(std::string_view text, json_value& out, std::string& error);

/** Appends code point `cp` as UTF-8 (the \\u escapes of both JSON readers: this one and k8s_audit/json_doc). */
void append_utf8(std::string& out, uint32_t cp);

}  // namespace studio::filter
