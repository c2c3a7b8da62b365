// A JSON document for audit events: a strict RFC 8259 reader that keeps, for every value, its
// exact source text, and the compact re-serialisation the k8saudit plugin's JSON library
// (fastjson's MarshalTo) produces, which several ka.* fields and jevt.obj return as text.
// Reading reports the first problem with its byte offset; nesting is capped so a hostile
// document cannot overflow the stack. It reads one value at a time (`parse_value_at`), so a
// file of JSON lines is read value after value. It does not know what an audit event is.
#pragma once

#include <cstddef>
#include <initializer_list>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace studio::sources::k8s_audit {

/** One JSON value. Objects keep their members in document order. */
struct json_node {
	enum kind_t : unsigned char { NUL, BOOLEAN, NUMBER, STRING, ARRAY, OBJECT } kind = NUL;
	bool boolean = false;
	/** The value's exact text in the document (a number's digits, a string with its quotes). */
	std::string_view raw;
	/** The decoded text of a STRING. */
	std::string str;
	std::vector<json_node> items;
	std::vector<std::pair<std::string, json_node>> members;

	/** The first member named `key` of an object; null when absent or not an object. */
	const json_node* get(std::string_view key) const;
	/** Follows `keys` from this node through objects; null as soon as one is missing. */
	const json_node* path(std::initializer_list<std::string_view> keys) const;
};

/** Why reading stopped: a message and the byte offset it refers to. */
struct json_error {
	std::string message;
	size_t offset = 0;
};

/**
 * Reads one JSON value starting at `pos` (leading white space skipped) into `out`; on success
 * `pos` is just after the value. The nodes' `raw` views point into `text`, which must outlive
 * them. Returns false with `error` set on malformed or truncated input.
 */
bool parse_value_at(std::string_view text, size_t& pos, json_node& out, json_error& error);

/** Skips JSON white space from `pos`; returns the new position. */
size_t skip_json_space(std::string_view text, size_t pos);

/**
 * Appends the compact text of a value as the plugin's JSON library writes it: no white space,
 * members in document order, numbers as written, strings re-quoted (plain when they hold no
 * quote, backslash or control character, otherwise escaped as Go's strconv.Quote does).
 */
void append_compact(const json_node& node, std::string& out);

/** The plugin's "value as string": a string's decoded text, any other value's compact text. */
void append_as_text(const json_node& node, std::string& out);

}  // namespace studio::sources::k8s_audit
