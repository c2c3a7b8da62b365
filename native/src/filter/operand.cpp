// Field and transformer operands (see operand.h). Transformers follow libs 0.25: tolower,
// toupper, b64 (decode) and basename map each string value; len gives the length of a string
// or the number of values of a list; concat joins the first values of its arguments; join
// joins the values of a list field with a separator; getopt reads the value of an option
// from an argument list ("-o value" or "-ovalue").
#include "filter/operand.h"

#include "filter/operators.h"

namespace studio::filter {

namespace {

using fields::field_type;
using fields::field_value;

class field_operand final : public operand {
public:
	field_operand(std::unique_ptr<fields::extractor> extractor, std::string text): m_extractor(std::move(extractor)) {
		m_type = m_extractor->type();
		m_is_list = m_extractor->is_list();
		m_text = std::move(text);
	}
	bool evaluate(const state::event_context& ctx) override { return m_extractor->extract(ctx, m_values); }
	void set_type(field_type type) { m_type = type; }

private:
	std::unique_ptr<fields::extractor> m_extractor;
};

/** A field whose extraction is shared through an operand_cache slot. */
class cached_field_operand final : public operand {
public:
	cached_field_operand(std::shared_ptr<operand_cache::slot> slot, field_type type, std::string text):
	        m_slot(std::move(slot)) {
		m_type = type;
		m_is_list = m_slot->extractor->is_list();
		m_text = std::move(text);
		m_out = &m_slot->values;
	}
	bool evaluate(const state::event_context& ctx) override {
		operand_cache::slot& s = *m_slot;
		// evt.num is 1-based, so 0 never matches before the first extraction.
		if(s.evt_num != ctx.evt->num) {
			s.ok = s.extractor->extract(ctx, s.values);
			s.evt_num = ctx.evt->num;
		}
		return s.ok;
	}

private:
	std::shared_ptr<operand_cache::slot> m_slot;
};

/** One transformer argument: an operand or a constant string. */
struct argument {
	std::unique_ptr<operand> op;
	std::string constant;
};

class transformer_operand final : public operand {
public:
	enum kind_t { TOLOWER, TOUPPER, B64, BASENAME, LEN, CONCAT, JOIN, GETOPT };

	transformer_operand(kind_t kind, std::vector<argument> args, std::string text):
	        m_kind(kind), m_args(std::move(args)) {
		m_text = std::move(text);
		if(m_kind == LEN) {
			m_type = field_type::UINT64;
		} else if(m_kind == TOLOWER || m_kind == TOUPPER || m_kind == B64 || m_kind == BASENAME) {
			m_type = m_args[0].op->type();
			m_is_list = m_args[0].op->is_list();
		} else {
			m_type = field_type::CHARBUF;
		}
	}

	bool evaluate(const state::event_context& ctx) override {
		m_values.clear();
		m_storage.clear();
		for(argument& a : m_args) {
			if(a.op && !a.op->evaluate(ctx)) return false;
		}
		switch(m_kind) {
		case LEN: {
			const operand& arg = *m_args[0].op;
			field_value v;
			v.u = arg.is_list() ? arg.values().size() : (arg.values().empty() ? 0 : arg.values()[0].str.size());
			m_values.push_back(v);
			return true;
		}
		case TOLOWER:
		case TOUPPER:
		case B64:
		case BASENAME:
			for(const field_value& v : m_args[0].op->values()) {
				m_storage.emplace_back();
				if(!map_value(v.str, m_storage.back())) return false;
			}
			break;
		case CONCAT: {
			m_storage.emplace_back();
			for(const argument& a : m_args) {
				if(!a.op) m_storage.back() += a.constant;
				else if(!a.op->values().empty()) fields::format_value(a.op->type(), a.op->values()[0], m_storage.back());
			}
			break;
		}
		case JOIN: {
			m_storage.emplace_back();
			bool first = true;
			for(size_t i = 1; i < m_args.size(); i++) {
				const argument& a = m_args[i];
				if(!a.op) {
					if(!first) m_storage.back() += m_args[0].constant;
					m_storage.back() += a.constant;
					first = false;
					continue;
				}
				for(const field_value& v : a.op->values()) {
					if(!first) m_storage.back() += m_args[0].constant;
					fields::format_value(a.op->type(), v, m_storage.back());
					first = false;
				}
			}
			break;
		}
		case GETOPT:
			if(!getopt_value()) return false;
			break;
		}
		for(const std::string& s : m_storage) {
			field_value v;
			v.str = s;
			m_values.push_back(v);
		}
		return true;
	}

private:
	kind_t m_kind;
	std::vector<argument> m_args;
	std::vector<std::string> m_storage;

	bool map_value(std::string_view in, std::string& out) {
		switch(m_kind) {
		case TOLOWER: to_lower_ascii(in, out); return true;
		case TOUPPER:
			out.assign(in);
			for(char& c : out) {
				if(c >= 'a' && c <= 'z') c = static_cast<char>(c - 32);
			}
			return true;
		case B64: return decode_base64(in, out);
		case BASENAME: {
			size_t slash = in.rfind('/');
			out.assign(slash == std::string_view::npos ? in : in.substr(slash + 1));
			return true;
		}
		default: return false;
		}
	}

	// getopt(args, "o"): the value of option -o in the argument values of the first operand.
	bool getopt_value() {
		const std::string& option = m_args[1].constant;
		std::string flag = "-" + option;
		const auto& values = m_args[0].op->values();
		for(size_t i = 0; i < values.size(); i++) {
			std::string_view a = values[i].str;
			if(a == flag) {
				if(i + 1 >= values.size()) return false;
				m_storage.emplace_back(values[i + 1].str);
				return true;
			}
			if(a.size() > flag.size() && a.substr(0, flag.size()) == flag) {
				m_storage.emplace_back(a.substr(flag.size()));
				return true;
			}
		}
		return false;
	}
};

bool transformer_kind(const std::string& name, transformer_operand::kind_t& kind) {
	static const std::pair<const char*, transformer_operand::kind_t> k_names[] = {
		{"tolower", transformer_operand::TOLOWER}, {"toupper", transformer_operand::TOUPPER},
		{"b64", transformer_operand::B64},         {"basename", transformer_operand::BASENAME},
		{"len", transformer_operand::LEN},         {"concat", transformer_operand::CONCAT},
		{"join", transformer_operand::JOIN},       {"getopt", transformer_operand::GETOPT},
	};
	for(const auto& entry : k_names) {
		if(name == entry.first) {
			kind = entry.second;
			return true;
		}
	}
	return false;
}

std::unique_ptr<operand> build_transformer(const field_expr& expr, std::string& error, operand_cache* cache) {
	transformer_operand::kind_t kind;
	if(!transformer_kind(expr.name, kind)) {
		error = "unknown transformer '" + expr.name + "'";
		return nullptr;
	}
	std::vector<argument> args;
	for(const transformer_arg& targ : expr.args) {
		argument a;
		if(targ.is_string) {
			a.constant = targ.string;
		} else {
			a.op = build_operand(*targ.expr, error, cache);
			if(!a.op) return nullptr;
		}
		args.push_back(std::move(a));
	}
	const std::string text = field_expr_text(expr);
	auto single_field = [&](bool strings_only) {
		if(args.size() != 1 || !args[0].op) {
			error = "transformer '" + expr.name + "' expects exactly one field argument";
			return false;
		}
		if(strings_only && !is_string_type(args[0].op->type()) && args[0].op->type() != field_type::BYTEBUF) {
			error = "transformer '" + expr.name + "' is not supported on field '" + args[0].op->text() + "'";
			return false;
		}
		return true;
	};
	bool ok = true;
	switch(kind) {
	case transformer_operand::LEN: ok = single_field(false); break;
	case transformer_operand::CONCAT:
		ok = args.size() >= 2;
		if(!ok) error = "transformer 'concat' expects at least two arguments";
		break;
	case transformer_operand::JOIN:
		ok = args.size() >= 2 && !args[0].op;
		if(!ok) error = "transformer 'join' expects a separator string and at least one argument";
		break;
	case transformer_operand::GETOPT:
		ok = args.size() == 2 && args[0].op && !args[1].op;
		if(!ok) error = "transformer 'getopt' expects a field and an option string";
		break;
	default: ok = single_field(true); break;
	}
	if(!ok) return nullptr;
	return std::make_unique<transformer_operand>(kind, std::move(args), text);
}

}  // namespace

bool is_string_type(fields::field_type type) {
	return type == field_type::CHARBUF || type == field_type::FSPATH;
}

std::string field_expr_text(const field_expr& expr) {
	if(!expr.is_transformer) return expr.has_arg ? expr.name + "[" + expr.arg + "]" : expr.name;
	std::string text = expr.name + "(";
	for(size_t i = 0; i < expr.args.size(); i++) {
		if(i > 0) text += ", ";
		text += expr.args[i].is_string ? "\"" + expr.args[i].string + "\"" : field_expr_text(*expr.args[i].expr);
	}
	return text + ")";
}

std::shared_ptr<operand_cache::slot> operand_cache::find(const std::string& text) const {
	auto it = m_slots.find(text);
	return it == m_slots.end() ? nullptr : it->second;
}

std::unique_ptr<operand> build_operand(const field_expr& expr, std::string& error, operand_cache* cache) {
	if(expr.is_transformer) return build_transformer(expr, error, cache);
	const std::string text = field_expr_text(expr);
	field_type type = field_type::CHARBUF;
	std::unique_ptr<fields::extractor> extractor = fields::create_extractor(expr.name, expr.arg, expr.has_arg, error);
	if(extractor) {
		type = extractor->type();
	} else {
		// The filter-only net fields (fd.net, fd.cnet, ...) read the same address as their ip
		// twin (fd.ip, fd.cip, ...); only the comparison differs (CIDR membership). When the
		// field registry has no extractor of its own for them, use the twin's with type IPNET.
		static const std::pair<const char*, const char*> k_net_twins[] = {
		        {"fd.net", "fd.ip"}, {"fd.cnet", "fd.cip"}, {"fd.snet", "fd.sip"}, {"fd.lnet", "fd.lip"}, {"fd.rnet", "fd.rip"}};
		for(const auto& twin : k_net_twins) {
			if(expr.name != twin.first || expr.has_arg) continue;
			std::string twin_error;
			extractor = fields::create_extractor(twin.second, "", false, twin_error);
			type = field_type::IPNET;
			break;
		}
		if(!extractor) return nullptr;
		error.clear();
	}
	if(cache == nullptr) {
		auto result = std::make_unique<field_operand>(std::move(extractor), text);
		result->set_type(type);
		return result;
	}
	// The cache key includes the type: a net field and its ip twin compare differently.
	const std::string key = text + '\0' + fields::field_type_name(type);
	std::shared_ptr<operand_cache::slot> slot = cache->find(key);
	if(!slot) {
		slot = std::make_shared<operand_cache::slot>();
		slot->extractor = std::move(extractor);
		cache->add(key, slot);
	}
	return std::make_unique<cached_field_operand>(std::move(slot), type, text);
}

}  // namespace studio::filter
