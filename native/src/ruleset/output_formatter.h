// Alert output formatting as Falco renders a rule's `output`: literal text as written, each
// %field replaced by its value formatted like `sysdig -p` (fields::format_value), `<NA>` when
// the value is missing (Falco always forces the `*` mode), and `%Nfield` padded with spaces on
// the right or truncated to N characters. Extractors are built once per rule. It does not
// decide whether an alert fires, and it does not add the time and priority prefix (alert.h).
#pragma once

#include <memory>
#include <string>
#include <vector>

#include "filter/compiled_rule_set.h"
#include "filter/operand.h"

namespace studio::ruleset {

class output_formatter {
public:
	/** Builds the extractors for `parts`; false with `error` set when a field is unknown. */
	bool build(const std::vector<filter::output_part>& parts, std::string& error, filter::operand_cache* cache = nullptr);
	/** Renders the output for the current event into `out` (replaced). */
	void format(const state::event_context& ctx, std::string& out);

private:
	struct piece {
		std::string text;
		std::unique_ptr<filter::operand> field;
		int32_t width = -1;
	};
	std::vector<piece> m_pieces;
	std::string m_value;
};

}  // namespace studio::ruleset
