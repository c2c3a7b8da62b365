// Output formatting (see output_formatter.h). List values are joined with ',' as libsinsp
// prints them.
#include "ruleset/output_formatter.h"

namespace studio::ruleset {

bool output_formatter::build(const std::vector<filter::output_part>& parts, std::string& error, filter::operand_cache* cache) {
	m_pieces.clear();
	for(const filter::output_part& part : parts) {
		piece p;
		if(!part.is_field) {
			p.text = part.text;
		} else {
			p.field = filter::build_operand(part.expr, error, cache);
			if(!p.field) return false;
			p.width = part.width;
		}
		m_pieces.push_back(std::move(p));
	}
	return true;
}

void output_formatter::format(const state::event_context& ctx, std::string& out) {
	out.clear();
	for(piece& p : m_pieces) {
		if(!p.field) {
			out += p.text;
			continue;
		}
		m_value.clear();
		if(!p.field->evaluate(ctx)) {
			m_value = "<NA>";
		} else {
			const auto& values = p.field->values();
			for(size_t i = 0; i < values.size(); i++) {
				if(i > 0) m_value += ',';
				fields::format_value(p.field->type(), values[i], m_value);
			}
		}
		if(p.width >= 0) m_value.resize(static_cast<size_t>(p.width), ' ');
		out += m_value;
	}
}

}  // namespace studio::ruleset
