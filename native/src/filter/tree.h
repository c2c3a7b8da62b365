// Evaluation trees: one per rule, built once from the compiled condition. Inner nodes are
// and/or/not with short-circuit evaluation; leaves are compare_check objects. Building reports
// the first problem (unknown field, operator not allowed for the field type, bad value) with
// the position of the check it came from; nothing is parsed from condition text here.
#pragma once

#include <memory>
#include <string>
#include <vector>

#include "filter/compare.h"
#include "filter/compiled_rule_set.h"

namespace studio::filter {

/** A node of an evaluation tree. */
class filter_node {
public:
	virtual ~filter_node() = default;
	/** True when the condition below this node holds for the current event. */
	virtual bool eval(const state::event_context& ctx) = 0;
};

/** Why a condition could not be built, and where. */
struct build_error {
	std::string message;
	position pos;
};

/**
 * Builds the tree for a condition; null with `error` set on failure. Trees built with the same
 * cache share field extractions per event (see operand_cache).
 */
std::unique_ptr<filter_node> build_filter(const condition_node& root, build_error& error, operand_cache* cache = nullptr);

}  // namespace studio::filter
