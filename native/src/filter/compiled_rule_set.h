// The compiled rule set as C++ data: a faithful mirror of server/src/compile/format.ts (the
// contract), read from its JSON text. Reading checks shapes and reports the first problem with
// a JSON path; it does not resolve fields or operators (tree_builder does that).
#pragma once

#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

namespace studio::filter {

/** The only version of the document this engine knows (COMPILED_RULESET_VERSION). */
constexpr int COMPILED_RULESET_VERSION = 1;

/** A source position: file index into compiled_rule_set::files, 0-based line and column. */
struct position {
	int32_t file = 0;
	int32_t line = 0;
	int32_t column = 0;
};

struct field_expr;

/** An argument of a transformer: a field expression or a quoted string. */
struct transformer_arg {
	bool is_string = false;
	std::string string;
	std::shared_ptr<field_expr> expr;
};

/** A field reference (`proc.aname[2]`) or a transformer (`tolower(proc.name)`). */
struct field_expr {
	bool is_transformer = false;
	std::string name;
	std::string arg;
	bool has_arg = false;
	std::vector<transformer_arg> args;
};

/** The right-hand side of a check: a string, a list of strings, or another field. */
struct rhs_value {
	enum kind_t { STRING, LIST, FIELD } kind = STRING;
	std::string string;
	std::vector<std::string> list;
	field_expr field;
};

/** A condition node: and/or (children), not (children[0]) or check (lhs op rhs). */
struct condition_node {
	enum kind_t { AND, OR, NOT, CHECK } kind = CHECK;
	std::vector<condition_node> children;
	field_expr lhs;
	std::string op;
	bool has_rhs = false;
	rhs_value rhs;
	position pos;
};

/** A piece of an output format: literal text, or a field with an optional width. */
struct output_part {
	bool is_field = false;
	std::string text;
	field_expr expr;
	int32_t width = -1;
};

/** One rule. `id` is its index in compiled_rule_set::rules. */
struct compiled_rule {
	uint32_t id = 0;
	std::string name;
	std::string priority;
	int32_t priority_level = 0;
	std::string source;
	std::vector<std::string> tags;
	bool enabled = true;
	bool all_evt_codes = false;
	std::vector<uint16_t> evt_codes;
	condition_node condition;
	std::vector<output_part> output;
	position pos;
};

struct compiled_rule_set {
	int version = 0;
	std::vector<std::string> files;
	std::vector<compiled_rule> rules;
};

/** Reads the JSON text of a compiled rule set. On error returns false with `error` set. */
bool read_compiled_rule_set(std::string_view json_text, compiled_rule_set& out, std::string& error);

}  // namespace studio::filter
