// Check evaluation (see compare.h). Operator semantics follow libsinsp (rule semantics §6.2):
// numbers compare numerically after a build-time conversion; strings compare bytewise
// (`<` lexicographic); `in` on a list field needs every value in the set, `intersects` some;
// modifiers count how many right-hand elements match (oneof = exactly one).
#include "filter/compare.h"

#include <cstring>

#include "filter/glob.h"
#include "schema/event_table.h"

namespace studio::filter {

using fields::field_type;
using fields::field_value;

namespace {

constexpr size_t k_hash_threshold = 8;

template <typename T>
bool ordered(cmp_op op, const T& a, const T& b) {
	switch(op) {
	case cmp_op::EQ: return a == b;
	case cmp_op::NE: return !(a == b);
	case cmp_op::LT: return a < b;
	case cmp_op::LE: return a <= b;
	case cmp_op::GT: return a > b;
	case cmp_op::GE: return a >= b;
	default: return false;
	}
}

bool is_list_op(cmp_op op) { return op == cmp_op::IN || op == cmp_op::INTERSECTS || op == cmp_op::PMATCH; }

}  // namespace

value_class class_of(field_type type) {
	switch(type) {
	case field_type::CHARBUF:
	case field_type::FSPATH: return value_class::STRING;
	case field_type::BYTEBUF: return value_class::BYTES;
	case field_type::IPADDR: return value_class::IP;
	case field_type::IPNET: return value_class::NET;
	case field_type::DOUBLE: return value_class::DOUBLE;
	default: return fields::is_signed(type) ? value_class::SIGNED : value_class::UNSIGNED;
	}
}

bool compare_check::check_compatible(std::string& error) const {
	bool ok = true;
	const bool list_field = m_lhs->is_list();
	if(m_op == cmp_op::EXISTS) return true;
	if(list_field) {
		ok = m_op == cmp_op::IN || m_op == cmp_op::INTERSECTS;
	} else {
		switch(m_class) {
		case value_class::UNSIGNED:
		case value_class::SIGNED:
		case value_class::DOUBLE:
			ok = m_op <= cmp_op::GE || m_op == cmp_op::IN || m_op == cmp_op::INTERSECTS;
			if(m_lhs->type() == field_type::BOOL) ok = ok && (m_op == cmp_op::EQ || m_op == cmp_op::NE || is_list_op(m_op));
			if(m_op == cmp_op::PMATCH) ok = false;
			break;
		case value_class::STRING: ok = m_op != cmp_op::BCONTAINS && m_op != cmp_op::BSTARTSWITH; break;
		case value_class::BYTES:
			ok = m_op == cmp_op::EQ || m_op == cmp_op::NE || m_op == cmp_op::CONTAINS || m_op == cmp_op::IN ||
			     m_op == cmp_op::STARTSWITH || m_op == cmp_op::ENDSWITH || m_op == cmp_op::INTERSECTS ||
			     m_op == cmp_op::BCONTAINS || m_op == cmp_op::BSTARTSWITH;
			break;
		case value_class::IP:
		case value_class::NET:
			ok = m_op == cmp_op::EQ || m_op == cmp_op::NE || m_op == cmp_op::IN || m_op == cmp_op::INTERSECTS;
			break;
		}
	}
	if(!ok) {
		error = std::string("'") + op_name(m_op) + "' operator not supported for field '" + m_lhs->text() + "' (" +
		        fields::field_type_name(m_lhs->type()) + (list_field ? " list" : "") + ")";
	}
	return ok;
}

bool compare_check::add_rhs(const std::string& text, std::string& error) {
	auto bad = [&](const std::string& what) {
		error = what + " '" + text + "' for field '" + m_lhs->text() + "'";
		return false;
	};
	switch(m_class) {
	case value_class::UNSIGNED: {
		uint64_t value = 0;
		if(m_lhs->type() == field_type::BOOL && (text == "true" || text == "false")) value = text == "true";
		else if(!parse_unsigned(text, value)) return bad("not a valid number:");
		m_u.push_back(value);
		return true;
	}
	case value_class::SIGNED: {
		int64_t value = 0;
		if(!parse_signed(text, value)) return bad("not a valid number:");
		m_i.push_back(value);
		return true;
	}
	case value_class::DOUBLE: {
		double value = 0;
		if(!parse_double(text, value)) return bad("not a valid number:");
		m_d.push_back(value);
		return true;
	}
	case value_class::IP: {
		ip_address address;
		if(!parse_ip_address(text, address)) return bad("unrecognized IP address");
		m_ips.push_back(address);
		return true;
	}
	case value_class::NET: {
		ip_net net;
		if(text.find('/') == std::string::npos || !parse_ip_net(text, net)) return bad("unrecognized IP network");
		m_nets.push_back(net);
		return true;
	}
	case value_class::STRING:
	case value_class::BYTES: break;
	}
	if(m_op == cmp_op::BCONTAINS || m_op == cmp_op::BSTARTSWITH) {
		std::string bytes;
		if(!decode_hex(text, bytes)) return bad("invalid hex string");
		m_s.push_back(bytes);
	} else if(m_op == cmp_op::ICONTAINS) {
		std::string lowered;
		to_lower_ascii(text, lowered);
		m_s.push_back(lowered);
	} else if(m_op == cmp_op::REGEX) {
		m_regexes.emplace_back();
		std::string regex_error;
		if(!m_regexes.back().compile(text, regex_error)) return bad("invalid regular expression (" + regex_error + "):");
		m_s.push_back(text);
	} else if(m_op == cmp_op::PMATCH) {
		m_paths.add(text);
		m_s.push_back(text);
	} else {
		m_s.push_back(text);
	}
	return true;
}

bool compare_check::build(const condition_node& check, std::string& error, operand_cache* cache) {
	// 1. Operator and left-hand operand.
	if(!parse_op(check.op, m_op, m_modifier)) {
		error = "unknown operator '" + check.op + "'";
		return false;
	}
	m_lhs = build_operand(check.lhs, error, cache);
	if(!m_lhs) return false;
	m_class = class_of(m_lhs->type());
	m_ne_needs_all = m_lhs->text().compare(0, 3, "fd.") == 0;
	if(!check_compatible(error)) return false;
	if(m_op == cmp_op::EXISTS) return true;
	// 2. Right-hand side: another field's value, or constants converted once.
	if(!check.has_rhs) {
		error = std::string("operator '") + op_name(m_op) + "' needs a value";
		return false;
	}
	if(check.rhs.kind == rhs_value::FIELD) {
		if(m_modifier != op_modifier::NONE || is_list_op(m_op)) {
			error = std::string("operator '") + check.op + "' does not accept a field value";
			return false;
		}
		m_rhs_operand = build_operand(check.rhs.field, error, cache);
		return m_rhs_operand != nullptr;
	}
	std::vector<std::string> texts;
	if(check.rhs.kind == rhs_value::LIST) texts = check.rhs.list;
	else texts.push_back(check.rhs.string);
	if(check.rhs.kind == rhs_value::LIST && !is_list_op(m_op) && m_modifier == op_modifier::NONE) {
		error = std::string("operator '") + op_name(m_op) + "' does not accept a list";
		return false;
	}
	for(const std::string& text : texts) {
		if(!add_rhs(text, error)) return false;
	}
	// 3. Large string sets are hashed (the views point into m_s, which no longer changes).
	if((m_op == cmp_op::IN || m_op == cmp_op::INTERSECTS) && m_s.size() > k_hash_threshold) {
		for(const std::string& s : m_s) m_s_set.insert(s);
	}
	// 4. evt.type =/!=/in: the answer depends only on the event code, except for the generic
	// codes (0, 1) whose name comes from the syscall id: precompute it per code.
	if(!check.lhs.is_transformer && check.lhs.name == "evt.type" && !check.lhs.has_arg &&
	   m_modifier == op_modifier::NONE && (m_op == cmp_op::EQ || m_op == cmp_op::NE || m_op == cmp_op::IN)) {
		m_type_answer.assign(schema::EVENT_COUNT, -1);
		for(uint16_t code = 2; code < schema::EVENT_COUNT; code++) {
			field_value v;
			v.str = schema::g_events[code].name;
			m_type_answer[code] = (m_op == cmp_op::IN ? in_set(v) : match(v, 0)) ? 1 : 0;
		}
	}
	return true;
}

size_t compare_check::rhs_count() const {
	switch(m_class) {
	case value_class::UNSIGNED: return m_u.size();
	case value_class::SIGNED: return m_i.size();
	case value_class::DOUBLE: return m_d.size();
	case value_class::IP: return m_ips.size();
	case value_class::NET: return m_nets.size();
	default: return m_s.size();
	}
}

bool compare_check::match(const field_value& v, size_t k) {
	switch(m_class) {
	case value_class::UNSIGNED: return ordered(m_op == cmp_op::IN || m_op == cmp_op::INTERSECTS ? cmp_op::EQ : m_op, v.u, m_u[k]);
	case value_class::SIGNED: return ordered(m_op == cmp_op::IN || m_op == cmp_op::INTERSECTS ? cmp_op::EQ : m_op, v.i, m_i[k]);
	case value_class::DOUBLE: return ordered(m_op == cmp_op::IN || m_op == cmp_op::INTERSECTS ? cmp_op::EQ : m_op, v.d, m_d[k]);
	case value_class::IP: {
		ip_address address;
		address.family = v.str.size() == 4 ? 4 : 6;
		std::memcpy(address.bytes, v.str.data(), v.str.size() <= 16 ? v.str.size() : 16);
		bool eq = v.str.size() == (address.family == 4 ? 4u : 16u) && address == m_ips[k];
		return m_op == cmp_op::NE ? !eq : eq;
	}
	case value_class::NET: {
		ip_address address;
		address.family = v.str.size() == 4 ? 4 : 6;
		std::memcpy(address.bytes, v.str.data(), v.str.size() <= 16 ? v.str.size() : 16);
		bool in = net_contains(m_nets[k], address);
		return m_op == cmp_op::NE ? !in : in;
	}
	case value_class::STRING:
	case value_class::BYTES: break;
	}
	std::string_view s = v.str;
	const std::string& r = m_s[k];
	switch(m_op) {
	case cmp_op::EQ:
	case cmp_op::IN:
	case cmp_op::INTERSECTS: return s == r;
	case cmp_op::NE: return s != r;
	case cmp_op::LT: return s < std::string_view(r);
	case cmp_op::LE: return s <= std::string_view(r);
	case cmp_op::GT: return s > std::string_view(r);
	case cmp_op::GE: return s >= std::string_view(r);
	case cmp_op::CONTAINS:
	case cmp_op::BCONTAINS: return contains_bytes(s, r);
	case cmp_op::ICONTAINS: return icontains(s, r);
	case cmp_op::STARTSWITH:
	case cmp_op::BSTARTSWITH: return starts_with(s, r);
	case cmp_op::ENDSWITH: return ends_with(s, r);
	case cmp_op::GLOB: return glob_match(r, s, false);
	case cmp_op::IGLOB: return glob_match(r, s, true);
	case cmp_op::REGEX: return m_regexes[k].full_match(s);
	default: return false;
	}
}

bool compare_check::in_set(const field_value& v) {
	if(!m_s_set.empty()) return m_s_set.count(v.str) > 0;
	const size_t n = rhs_count();
	for(size_t k = 0; k < n; k++) {
		if(match(v, k)) return true;
	}
	return false;
}

bool compare_check::eval(const state::event_context& ctx) {
	if(!m_type_answer.empty()) {
		const uint16_t code = ctx.evt->type;
		if(code < m_type_answer.size() && m_type_answer[code] >= 0) return m_type_answer[code] == 1;
	}
	if(!m_lhs->evaluate(ctx)) return false;
	if(m_op == cmp_op::EXISTS) return true;
	const std::vector<field_value>& values = m_lhs->values();
	if(m_rhs_operand) return eval_with_field_rhs(ctx);
	switch(m_op) {
	case cmp_op::IN:
		if(m_lhs->is_list()) {
			for(const field_value& v : values) {
				if(!in_set(v)) return false;
			}
			return true;
		}
		for(const field_value& v : values) {
			if(in_set(v)) return true;
		}
		return false;
	case cmp_op::INTERSECTS:
		for(const field_value& v : values) {
			if(in_set(v)) return true;
		}
		return false;
	case cmp_op::PMATCH:
		for(const field_value& v : values) {
			if(m_paths.matches(v.str)) return true;
		}
		return false;
	default: break;
	}
	// Scalar operators. A non-list field that yields several values means "any of them"
	// (proc.aname without an argument, fd.ip client or server side), except that `!=` on the
	// fd.* pairs needs every side to differ, as libsinsp 0.29.3 does (checked with sysdig).
	if(values.empty()) return false;
	if(values.size() == 1) return match_scalar(values[0]);
	if(m_op == cmp_op::NE && m_ne_needs_all) {
		for(const field_value& v : values) {
			if(!match_scalar(v)) return false;
		}
		return true;
	}
	for(const field_value& v : values) {
		if(match_scalar(v)) return true;
	}
	return false;
}

bool compare_check::match_scalar(const field_value& v) {
	if(m_modifier == op_modifier::NONE) return match(v, 0);
	size_t matched = 0;
	const size_t n = rhs_count();
	for(size_t k = 0; k < n; k++) {
		if(match(v, k)) {
			matched++;
			if(m_modifier == op_modifier::ANYOF) return true;
			if(m_modifier == op_modifier::ONEOF && matched > 1) return false;
		} else if(m_modifier == op_modifier::ALLOF) {
			return false;
		}
	}
	if(m_modifier == op_modifier::ANYOF) return false;
	if(m_modifier == op_modifier::ONEOF) return matched == 1;
	return n > 0;
}

// `lhs op val(field)`: the right-hand value is read per event and converted to the left-hand
// class (through its text form when the classes differ), then compared like a constant.
bool compare_check::eval_with_field_rhs(const state::event_context& ctx) {
	if(m_lhs->values().empty()) return false;
	if(!m_rhs_operand->evaluate(ctx) || m_rhs_operand->values().empty()) return false;
	const field_value& rhs = m_rhs_operand->values()[0];
	m_u.clear();
	m_i.clear();
	m_d.clear();
	m_s.clear();
	m_ips.clear();
	m_nets.clear();
	m_regexes.clear();
	if(class_of(m_rhs_operand->type()) == m_class && m_class != value_class::NET && m_op != cmp_op::REGEX &&
	   m_op != cmp_op::ICONTAINS) {
		switch(m_class) {
		case value_class::UNSIGNED: m_u.push_back(rhs.u); break;
		case value_class::SIGNED: m_i.push_back(rhs.i); break;
		case value_class::DOUBLE: m_d.push_back(rhs.d); break;
		case value_class::IP: {
			ip_address address;
			if(rhs.str.size() != 4 && rhs.str.size() != 16) return false;
			address.family = rhs.str.size() == 4 ? 4 : 6;
			std::memcpy(address.bytes, rhs.str.data(), rhs.str.size());
			m_ips.push_back(address);
			break;
		}
		default: m_s.emplace_back(rhs.str); break;
		}
	} else {
		m_scratch.clear();
		fields::format_value(m_rhs_operand->type(), rhs, m_scratch);
		std::string ignored;
		if(!add_rhs(m_scratch, ignored)) return false;
	}
	return match(m_lhs->values()[0], 0);
}

}  // namespace studio::filter
