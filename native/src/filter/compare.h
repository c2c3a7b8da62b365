// The leaf of an evaluation tree: `lhs op rhs` or `lhs exists`. At build time the right-hand
// side is converted once to the left-hand field's value class (numbers parsed, hex decoded,
// globs kept, regexes compiled, IPs and CIDR networks parsed, large `in` lists hashed); at run
// time a check extracts the left-hand values and compares. A value that cannot be extracted
// makes the check false whatever the operator (also `!=`), as in libsinsp.
#pragma once

#include <memory>
#include <string>
#include <string_view>
#include <unordered_set>
#include <vector>

#include "filter/compiled_rule_set.h"
#include "filter/net.h"
#include "filter/operand.h"
#include "filter/operators.h"
#include "filter/regex.h"

namespace studio::filter {

/** How values of a field type are compared. */
enum class value_class : uint8_t { UNSIGNED, SIGNED, DOUBLE, STRING, BYTES, IP, NET };

value_class class_of(fields::field_type type);

/** A check node. Build with `build`; evaluate with `eval`. */
class compare_check {
public:
	/**
	 * Builds the check from a compiled `check` node; false with `error` set on failure. With a
	 * cache, field extractions are shared with the other checks built with it.
	 */
	bool build(const condition_node& check, std::string& error, operand_cache* cache = nullptr);
	bool eval(const state::event_context& ctx);

	/** For the event-type fast path: the operand and the operator. */
	const operand& lhs() const { return *m_lhs; }
	cmp_op op() const { return m_op; }

private:
	std::unique_ptr<operand> m_lhs;
	std::unique_ptr<operand> m_rhs_operand;
	cmp_op m_op = cmp_op::EQ;
	op_modifier m_modifier = op_modifier::NONE;
	value_class m_class = value_class::STRING;
	bool m_ne_needs_all = false;

	std::vector<uint64_t> m_u;
	std::vector<int64_t> m_i;
	std::vector<double> m_d;
	std::vector<std::string> m_s;
	std::unordered_set<std::string_view> m_s_set;
	std::vector<ip_address> m_ips;
	std::vector<ip_net> m_nets;
	std::vector<regex> m_regexes;
	path_prefix_set m_paths;
	/** evt.type fast path: per event code 1 (true), 0 (false) or -1 (evaluate normally). */
	std::vector<int8_t> m_type_answer;
	std::string m_scratch;

	bool check_compatible(std::string& error) const;
	bool add_rhs(const std::string& text, std::string& error);
	bool match(const fields::field_value& v, size_t k);
	bool in_set(const fields::field_value& v);
	bool match_scalar(const fields::field_value& v);
	bool eval_with_field_rhs(const state::event_context& ctx);
	size_t rhs_count() const;
};

}  // namespace studio::filter
