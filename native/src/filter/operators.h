// Operator names and the pure string, path, number and byte functions the comparison code
// uses: no field extraction and no tree here, so each semantic rule of Falco's filter language
// (§6.2 of the rule semantics) can be unit-tested on plain values.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace studio::filter {

/** Comparison operators, as libsinsp names them (cmpop). */
enum class cmp_op : uint8_t {
	EQ,
	NE,
	LT,
	LE,
	GT,
	GE,
	CONTAINS,
	ICONTAINS,
	BCONTAINS,
	STARTSWITH,
	BSTARTSWITH,
	ENDSWITH,
	GLOB,
	IGLOB,
	REGEX,
	EXISTS,
	IN,
	INTERSECTS,
	PMATCH,
};

/** The list modifiers of libs 0.25 (`startswith anyof (...)`). */
enum class op_modifier : uint8_t { NONE, ONEOF, ANYOF, ALLOF };

/**
 * Parses the `op` text of a compiled check ("=", "startswith anyof", ...). `==` is accepted
 * as `=`. Returns false for anything else.
 */
bool parse_op(std::string_view text, cmp_op& op, op_modifier& modifier);

/** The operator's name as Falco spells it in messages. */
const char* op_name(cmp_op op);

/** ASCII lower-casing of `in` into `out` (replaced). */
void to_lower_ascii(std::string_view in, std::string& out);

/** Substring test on raw bytes. */
bool contains_bytes(std::string_view haystack, std::string_view needle);

/** Case-insensitive substring test; `needle_lower` must already be lower-case. */
bool icontains(std::string_view haystack, std::string_view needle_lower);

bool starts_with(std::string_view value, std::string_view prefix);
bool ends_with(std::string_view value, std::string_view suffix);

/**
 * Decodes the hex text of a bcontains/bstartswith value ("cafebabe", case-insensitive, even
 * length) into raw bytes. Returns false when the text is not such hex.
 */
bool decode_hex(std::string_view text, std::string& out);

/**
 * A set of path prefixes for `pmatch`: a value matches when one of the prefixes equals it or
 * is one of its leading directories, compared component by component ("/usr/lib" matches
 * "/usr/lib" and "/usr/lib/x" but not "/usr/libexec"). Empty components (`//`) are ignored.
 */
class path_prefix_set {
public:
	void add(std::string_view prefix);
	bool matches(std::string_view path) const;

private:
	std::vector<std::vector<std::string>> m_prefixes;
};

/**
 * Number parsing for right-hand sides, done once at build time. Decimal, or hex with 0x.
 * Returns false when the text is not a number of the requested kind or does not fit.
 */
bool parse_unsigned(std::string_view text, uint64_t& out);
bool parse_signed(std::string_view text, int64_t& out);
bool parse_double(std::string_view text, double& out);

/** Base64 decoding for the b64 transformer (standard alphabet, padding optional). */
bool decode_base64(std::string_view text, std::string& out);

}  // namespace studio::filter
