// Reading the compiled rule set from JSON (see compiled_rule_set.h). Each reader checks the
// shape of one contract type and names the JSON path of the first thing that does not fit.
#include "filter/compiled_rule_set.h"

#include <cmath>

#include "filter/json.h"

namespace studio::filter {

namespace {

class reader {
public:
	std::string m_error;

	bool fail(const std::string& path, const std::string& message) {
		if(m_error.empty()) m_error = path + ": " + message;
		return false;
	}

	bool get_string(const json_value& obj, const char* key, const std::string& path, std::string& out,
	                bool optional = false) {
		const json_value* v = obj.get(key);
		if(v == nullptr) return optional || fail(path, std::string("missing \"") + key + "\"");
		if(v->kind != json_value::STRING) return fail(path + "." + key, "expected a string");
		out = v->string;
		return true;
	}

	bool get_int(const json_value& obj, const char* key, const std::string& path, int32_t& out,
	             bool optional = false) {
		const json_value* v = obj.get(key);
		if(v == nullptr) return optional || fail(path, std::string("missing \"") + key + "\"");
		if(v->kind != json_value::NUMBER || std::floor(v->number) != v->number || v->number < -2147483648.0 ||
		   v->number > 2147483647.0)
			return fail(path + "." + key, "expected an integer");
		out = static_cast<int32_t>(v->number);
		return true;
	}

	bool read_position(const json_value& obj, const std::string& path, position& out) {
		const json_value* v = obj.get("position");
		if(v == nullptr) return true;  // positions are informative; tolerate their absence
		if(v->kind != json_value::OBJECT) return fail(path + ".position", "expected an object");
		return get_int(*v, "file", path + ".position", out.file) &&
		       get_int(*v, "line", path + ".position", out.line) &&
		       get_int(*v, "column", path + ".position", out.column);
	}

	bool read_field_expr(const json_value& v, const std::string& path, field_expr& out, int depth) {
		if(depth > 200) return fail(path, "field expression nests too deeply");
		if(v.kind != json_value::OBJECT) return fail(path, "expected a field expression");
		std::string kind;
		if(!get_string(v, "kind", path, kind) || !get_string(v, "name", path, out.name)) return false;
		if(kind == "field") {
			const json_value* arg = v.get("arg");
			if(arg != nullptr) {
				if(arg->kind != json_value::STRING) return fail(path + ".arg", "expected a string");
				out.arg = arg->string;
				out.has_arg = true;
			}
			return true;
		}
		if(kind != "transformer") return fail(path + ".kind", "unknown field expression kind \"" + kind + "\"");
		out.is_transformer = true;
		const json_value* args = v.get("args");
		if(args == nullptr || args->kind != json_value::ARRAY) return fail(path + ".args", "expected an array");
		for(size_t i = 0; i < args->array.size(); i++) {
			const json_value& a = args->array[i];
			std::string arg_path = path + ".args[" + std::to_string(i) + "]";
			transformer_arg targ;
			const json_value* akind = a.get("kind");
			if(akind != nullptr && akind->kind == json_value::STRING && akind->string == "string") {
				targ.is_string = true;
				if(!get_string(a, "value", arg_path, targ.string)) return false;
			} else {
				targ.expr = std::make_shared<field_expr>();
				if(!read_field_expr(a, arg_path, *targ.expr, depth + 1)) return false;
			}
			out.args.push_back(std::move(targ));
		}
		return true;
	}

	bool read_rhs(const json_value& v, const std::string& path, rhs_value& out) {
		std::string kind;
		if(v.kind != json_value::OBJECT || !get_string(v, "kind", path, kind)) return fail(path, "expected a value");
		if(kind == "string") {
			out.kind = rhs_value::STRING;
			return get_string(v, "value", path, out.string);
		}
		if(kind == "list") {
			out.kind = rhs_value::LIST;
			const json_value* values = v.get("values");
			if(values == nullptr || values->kind != json_value::ARRAY) return fail(path + ".values", "expected an array");
			for(const json_value& item : values->array) {
				if(item.kind != json_value::STRING) return fail(path + ".values", "expected strings");
				out.list.push_back(item.string);
			}
			return true;
		}
		if(kind == "field") {
			out.kind = rhs_value::FIELD;
			const json_value* expr = v.get("expr");
			if(expr == nullptr) return fail(path, "missing \"expr\"");
			return read_field_expr(*expr, path + ".expr", out.field, 0);
		}
		return fail(path + ".kind", "unknown value kind \"" + kind + "\"");
	}

	bool read_condition(const json_value& v, const std::string& path, condition_node& out, int depth) {
		if(depth > 1000) return fail(path, "condition nests too deeply");
		std::string kind;
		if(v.kind != json_value::OBJECT || !get_string(v, "kind", path, kind)) return fail(path, "expected a condition node");
		if(!read_position(v, path, out.pos)) return false;
		if(kind == "and" || kind == "or") {
			out.kind = kind == "and" ? condition_node::AND : condition_node::OR;
			const json_value* children = v.get("children");
			if(children == nullptr || children->kind != json_value::ARRAY) return fail(path + ".children", "expected an array");
			out.children.resize(children->array.size());
			for(size_t i = 0; i < children->array.size(); i++) {
				if(!read_condition(children->array[i], path + ".children[" + std::to_string(i) + "]", out.children[i], depth + 1))
					return false;
			}
			return true;
		}
		if(kind == "not") {
			out.kind = condition_node::NOT;
			const json_value* child = v.get("child");
			if(child == nullptr) return fail(path, "missing \"child\"");
			out.children.resize(1);
			return read_condition(*child, path + ".child", out.children[0], depth + 1);
		}
		if(kind != "check") return fail(path + ".kind", "unknown condition node kind \"" + kind + "\"");
		out.kind = condition_node::CHECK;
		const json_value* lhs = v.get("lhs");
		if(lhs == nullptr) return fail(path, "missing \"lhs\"");
		if(!read_field_expr(*lhs, path + ".lhs", out.lhs, 0) || !get_string(v, "op", path, out.op)) return false;
		const json_value* rhs = v.get("rhs");
		if(rhs != nullptr) {
			out.has_rhs = true;
			return read_rhs(*rhs, path + ".rhs", out.rhs);
		}
		return true;
	}

	bool read_output(const json_value& v, const std::string& path, std::vector<output_part>& out) {
		if(v.kind != json_value::ARRAY) return fail(path, "expected an array");
		for(size_t i = 0; i < v.array.size(); i++) {
			const json_value& p = v.array[i];
			std::string part_path = path + "[" + std::to_string(i) + "]";
			std::string kind;
			if(!get_string(p, "kind", part_path, kind)) return false;
			output_part part;
			if(kind == "text") {
				if(!get_string(p, "text", part_path, part.text)) return false;
			} else if(kind == "field") {
				part.is_field = true;
				const json_value* expr = p.get("expr");
				if(expr == nullptr) return fail(part_path, "missing \"expr\"");
				if(!read_field_expr(*expr, part_path + ".expr", part.expr, 0) ||
				   !get_int(p, "width", part_path, part.width, true))
					return false;
			} else {
				return fail(part_path + ".kind", "unknown output part kind \"" + kind + "\"");
			}
			out.push_back(std::move(part));
		}
		return true;
	}

	bool read_rule(const json_value& v, const std::string& path, compiled_rule& out, uint32_t index) {
		if(v.kind != json_value::OBJECT) return fail(path, "expected a rule object");
		int32_t id = 0;
		if(!get_int(v, "id", path, id) || !get_string(v, "name", path, out.name) ||
		   !get_string(v, "priority", path, out.priority) || !get_int(v, "priorityLevel", path, out.priority_level) ||
		   !get_string(v, "source", path, out.source) || !read_position(v, path, out.pos))
			return false;
		if(id < 0 || static_cast<uint32_t>(id) != index) return fail(path + ".id", "must equal the rule's index");
		out.id = index;
		const json_value* enabled = v.get("enabled");
		if(enabled == nullptr || enabled->kind != json_value::BOOLEAN) return fail(path + ".enabled", "expected a boolean");
		out.enabled = enabled->boolean;
		const json_value* tags = v.get("tags");
		if(tags == nullptr || tags->kind != json_value::ARRAY) return fail(path + ".tags", "expected an array");
		for(const json_value& t : tags->array) {
			if(t.kind != json_value::STRING) return fail(path + ".tags", "expected strings");
			out.tags.push_back(t.string);
		}
		const json_value* codes = v.get("evtCodes");
		if(codes != nullptr && codes->kind == json_value::STRING && codes->string == "all") {
			out.all_evt_codes = true;
		} else if(codes != nullptr && codes->kind == json_value::ARRAY) {
			for(const json_value& c : codes->array) {
				if(c.kind != json_value::NUMBER || c.number < 0 || c.number > 65535 || std::floor(c.number) != c.number)
					return fail(path + ".evtCodes", "expected event codes");
				out.evt_codes.push_back(static_cast<uint16_t>(c.number));
			}
		} else {
			return fail(path + ".evtCodes", "expected an array or \"all\"");
		}
		const json_value* condition = v.get("condition");
		if(condition == nullptr) return fail(path, "missing \"condition\"");
		if(!read_condition(*condition, path + ".condition", out.condition, 0)) return false;
		const json_value* output = v.get("output");
		if(output == nullptr) return fail(path, "missing \"output\"");
		return read_output(*output, path + ".output", out.output);
	}
};

}  // namespace

bool read_compiled_rule_set(std::string_view json_text, compiled_rule_set& out, std::string& error) {
	out = compiled_rule_set();
	json_value doc;
	if(!parse_json(json_text, doc, error)) {
		error = "compiled rule set: " + error;
		return false;
	}
	reader r;
	int32_t version = 0;
	if(doc.kind != json_value::OBJECT) {
		error = "compiled rule set: expected an object";
		return false;
	}
	if(!r.get_int(doc, "version", "$", version)) {
		error = "compiled rule set: " + r.m_error;
		return false;
	}
	if(version != COMPILED_RULESET_VERSION) {
		error = "compiled rule set: unsupported version " + std::to_string(version) + " (this engine reads version " +
		        std::to_string(COMPILED_RULESET_VERSION) + ")";
		return false;
	}
	out.version = version;
	const json_value* files = doc.get("files");
	const json_value* rules = doc.get("rules");
	bool ok = files != nullptr && files->kind == json_value::ARRAY && rules != nullptr && rules->kind == json_value::ARRAY;
	if(!ok) {
		error = "compiled rule set: $: expected \"files\" and \"rules\" arrays";
		return false;
	}
	for(const json_value& f : files->array) out.files.push_back(f.kind == json_value::STRING ? f.string : "");
	out.rules.resize(rules->array.size());
	for(size_t i = 0; i < rules->array.size(); i++) {
		if(!r.read_rule(rules->array[i], "$.rules[" + std::to_string(i) + "]", out.rules[i], static_cast<uint32_t>(i))) {
			error = "compiled rule set: " + r.m_error;
			return false;
		}
	}
	return true;
}

}  // namespace studio::filter
