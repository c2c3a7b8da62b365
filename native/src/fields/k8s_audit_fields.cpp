// The k8s_audit extractors (see k8s_audit_fields.h): the request, user, target, binding,
// role, URI and json plugin fields, the whole table (with k8s_audit_pod_fields.cpp's rows),
// the extractor class and the registry entry points. The table lists each field with its
// catalog shape (data/fields.json: plugin-k8saudit.txt, plugin-json.txt). Semantics follow
// the k8saudit plugin's extractor: a ka.* field is missing on a JSON object without
// "auditID"; a value that is not a string is given as its compact JSON.
#include "fields/k8s_audit_fields.h"

#include <algorithm>
#include <cstdlib>
#include <cstring>
#include <map>

#include "fields/k8s_audit_table.h"
#include "sources/k8s_audit/audit_context.h"

namespace studio::fields {

namespace {

using namespace k8s_audit_table;

// --- request, user, target and response fields -------------------------------------------------

#define KEYS(fn, ...)                                                 \
	bool fn(const node& e, const audit_args&, texts& out) {             \
		return text_at(e, {__VA_ARGS__}, out);                            \
	}
#define LIST(fn, ...)                                                 \
	bool fn(const node& e, const audit_args&, texts& out) {             \
		return list_at(e, {__VA_ARGS__}, out);                            \
	}
KEYS(f_auditid, "auditID")
KEYS(f_stage, "stage")
KEYS(f_decision, "annotations", "authorization.k8s.io/decision")
KEYS(f_reason, "annotations", "authorization.k8s.io/reason")
KEYS(f_user, "user", "username")
LIST(f_groups, "user", "groups")
KEYS(f_impuser, "impersonatedUser", "username")
KEYS(f_verb, "verb")
KEYS(f_uri, "requestURI")
KEYS(f_target_name, "objectRef", "name")
KEYS(f_target_ns, "objectRef", "namespace")
KEYS(f_target_resource, "objectRef", "resource")
KEYS(f_target_subresource, "objectRef", "subresource")
LIST(f_subjects, "requestObject", "subjects")
KEYS(f_binding_role, "requestObject", "roleRef", "name")
KEYS(f_configmap_obj, "requestObject", "data")
LIST(f_role_rules, "requestObject", "rules")
KEYS(f_service_type, "requestObject", "spec", "type")
KEYS(f_resp_name, "responseObject", "metadata", "name")
KEYS(f_response_code, "responseStatus", "code")
KEYS(f_response_reason, "responseStatus", "reason")
KEYS(f_useragent, "userAgent")
#undef KEYS
#undef LIST

bool f_has_name(const node&, const audit_args&, texts& out) {
	out.push_back("true");  // the plugin answers "true" whatever the argument
	return true;
}

// Subjects of a binding of one kind: their names, or namespace:name for service accounts.
bool subjects_of_kind(const node& e, std::string_view kind, bool with_namespace, texts& out) {
	const node* subjects = e.path({"requestObject", "subjects"});
	if(subjects == nullptr || subjects->kind != node::ARRAY) return false;
	for(const node& s : subjects->items) {
		const node* k = s.get("kind");
		const node* name = s.get("name");
		if(k == nullptr || k->kind != node::STRING || k->str != kind || name == nullptr) continue;
		std::string value = as_text(*name);
		if(with_namespace) {
			const node* ns = s.get("namespace");
			value = (ns != nullptr ? as_text(*ns) : std::string()) + ":" + value;
		}
		out.push_back(std::move(value));
	}
	return true;
}
bool f_subject_users(const node& e, const audit_args&, texts& out) {
	return subjects_of_kind(e, "User", false, out);
}
bool f_subject_sas(const node& e, const audit_args&, texts& out) {
	return subjects_of_kind(e, "ServiceAccount", false, out);
}
bool f_subject_sa_ns(const node& e, const audit_args&, texts& out) {
	return subjects_of_kind(e, "ServiceAccount", true, out);
}
bool f_subject_groups(const node& e, const audit_args&, texts& out) {
	return subjects_of_kind(e, "Group", false, out);
}

// The elements of every rule's `key` array, flattened.
bool rules_field(const node& e, const audit_args& a, std::string_view key, texts& out) {
	std::vector<const node*> res;
	if(!walk(&e, a.index, {"requestObject", "rules", key}, 0, res)) return false;
	for(const node* n : res) {
		if(n == nullptr || n->kind != node::ARRAY) continue;
		for(const node& item : n->items) out.push_back(as_text(item));
	}
	return true;
}
bool f_rules_api_groups(const node& e, const audit_args& a, texts& out) {
	return rules_field(e, a, "apiGroups", out);
}
bool f_rules_urls(const node& e, const audit_args& a, texts& out) {
	return rules_field(e, a, "nonResourceURLs", out);
}
bool f_rules_verbs(const node& e, const audit_args& a, texts& out) {
	return rules_field(e, a, "verbs", out);
}
bool f_rules_resources(const node& e, const audit_args& a, texts& out) {
	return rules_field(e, a, "resources", out);
}

bool f_service_ports(const node& e, const audit_args& a, texts& out) {
	return array_elements(e, a, {"requestObject", "spec", "ports"}, out);
}
bool f_sourceips(const node& e, const audit_args& a, texts& out) {
	return array_elements(e, a, {"sourceIPs"}, out);
}

int hex_value(char c) {
	if(c >= '0' && c <= '9') return c - '0';
	if(c >= 'a' && c <= 'f') return c - 'a' + 10;
	if(c >= 'A' && c <= 'F') return c - 'A' + 10;
	return -1;
}

// Go's url.QueryUnescape: %XX and '+' as space; false on a bad escape.
bool query_unescape(std::string_view in, std::string& out) {
	for(size_t i = 0; i < in.size(); i++) {
		if(in[i] == '+') {
			out += ' ';
		} else if(in[i] == '%') {
			const int hi = i + 1 < in.size() ? hex_value(in[i + 1]) : -1;
			const int lo = i + 2 < in.size() ? hex_value(in[i + 2]) : -1;
			if(hi < 0 || lo < 0) return false;
			out += static_cast<char>(hi * 16 + lo);
			i += 2;
		} else {
			out += in[i];
		}
	}
	return true;
}

// The first value of query parameter `arg` in requestURI.
bool f_uri_param(const node& e, const audit_args& a, texts& out) {
	const node* uri = e.get("requestURI");
	if(uri == nullptr) return false;
	const std::string text = as_text(*uri);
	size_t q = text.find('?');
	if(q == std::string::npos) return false;
	std::string_view query(text);
	query = query.substr(q + 1);
	query = query.substr(0, query.find('#'));
	while(!query.empty()) {
		const size_t amp = query.find('&');
		const std::string_view pair = query.substr(0, amp);
		query = amp == std::string_view::npos ? std::string_view() : query.substr(amp + 1);
		const size_t eq = pair.find('=');
		std::string key, value;
		if(!query_unescape(pair.substr(0, eq), key)) return false;
		if(key != a.text) continue;
		if(eq != std::string_view::npos && !query_unescape(pair.substr(eq + 1), value)) return false;
		out.push_back(std::move(value));
		return true;
	}
	return false;
}

// --- json plugin fields ----------------------------------------------------------------------

// RFC 6901 JSON pointer: "/a/b/0", with ~1 for '/' and ~0 for '~'.
const node* follow_pointer(const node& root, const std::string& pointer) {
	if(pointer.empty()) return &root;
	if(pointer[0] != '/') return nullptr;
	const node* n = &root;
	size_t pos = 1;
	for(;;) {
		const size_t slash = pointer.find('/', pos);
		std::string token;
		for(size_t i = pos; i < std::min(slash, pointer.size()); i++) {
			if(pointer[i] == '~' && i + 1 < pointer.size() && (pointer[i + 1] == '0' || pointer[i + 1] == '1')) {
				token += pointer[i + 1] == '0' ? '~' : '/';
				i++;
			} else {
				token += pointer[i];
			}
		}
		if(n->kind == node::ARRAY) {
			char* end = nullptr;
			const unsigned long long idx = std::strtoull(token.c_str(), &end, 10);
			if(token.empty() || *end != '\0' || idx >= n->items.size()) return nullptr;
			n = &n->items[static_cast<size_t>(idx)];
		} else {
			n = n->get(token);
		}
		if(n == nullptr || slash == std::string::npos) return n;
		pos = slash + 1;
	}
}

bool f_json_value(const node& e, const audit_args& a, texts& out) {
	const node* n = follow_pointer(e, a.text);
	if(n == nullptr) return false;
	out.push_back(as_text(*n));
	return true;
}
bool f_json_obj(const node& e, const audit_args&, texts& out) {
	out.emplace_back();
	sources::k8s_audit::append_compact(e, out.back());
	return true;
}

// --- the table -------------------------------------------------------------------------------

constexpr field_type S = field_type::CHARBUF;
constexpr arg_kind NONE = arg_kind::none;
constexpr arg_kind IDX = arg_kind::index;
constexpr arg_kind KEY = arg_kind::key;

#define KA(name, list, arg, req, fn) {{name, S, list, arg, req, ""}, fn, needs::audit_id}

const std::vector<audit_field>& all_fields() {
	static const std::vector<audit_field> rows = [] {
		std::vector<audit_field> v = {
			KA("ka.auditid", false, NONE, false, f_auditid),
			KA("ka.stage", false, NONE, false, f_stage),
			KA("ka.auth.decision", false, NONE, false, f_decision),
			KA("ka.auth.reason", false, NONE, false, f_reason),
			KA("ka.user.name", false, NONE, false, f_user),
			KA("ka.user.groups", true, NONE, false, f_groups),
			KA("ka.impuser.name", false, NONE, false, f_impuser),
			KA("ka.verb", false, NONE, false, f_verb),
			KA("ka.uri", false, NONE, false, f_uri),
			KA("ka.uri.param", false, KEY, true, f_uri_param),
			KA("ka.target.name", false, NONE, false, f_target_name),
			KA("ka.target.namespace", false, NONE, false, f_target_ns),
			KA("ka.target.resource", false, NONE, false, f_target_resource),
			KA("ka.target.subresource", false, NONE, false, f_target_subresource),
			KA("ka.req.binding.subjects", true, NONE, false, f_subjects),
			KA("ka.req.binding.subjects.user_names", true, NONE, false, f_subject_users),
			KA("ka.req.binding.subjects.serviceaccount_names", true, NONE, false, f_subject_sas),
			KA("ka.req.binding.subjects.serviceaccount_ns_names", true, NONE, false, f_subject_sa_ns),
			KA("ka.req.binding.subjects.group_names", true, NONE, false, f_subject_groups),
			KA("ka.req.binding.role", false, NONE, false, f_binding_role),
			KA("ka.req.binding.subject.has_name", false, KEY, true, f_has_name),
			KA("ka.req.configmap.name", false, NONE, false, f_target_name),
			KA("ka.req.configmap.obj", false, NONE, false, f_configmap_obj),
			KA("ka.req.role.rules", true, NONE, false, f_role_rules),
			KA("ka.req.role.rules.apiGroups", true, IDX, false, f_rules_api_groups),
			KA("ka.req.role.rules.nonResourceURLs", true, IDX, false, f_rules_urls),
			KA("ka.req.role.rules.verbs", true, IDX, false, f_rules_verbs),
			KA("ka.req.role.rules.resources", true, IDX, false, f_rules_resources),
			KA("ka.req.service.type", false, NONE, false, f_service_type),
			KA("ka.req.service.ports", true, IDX, false, f_service_ports),
			KA("ka.resp.name", false, NONE, false, f_resp_name),
			KA("ka.response.code", false, NONE, false, f_response_code),
			KA("ka.response.reason", false, NONE, false, f_response_reason),
			KA("ka.useragent", false, NONE, false, f_useragent),
			KA("ka.sourceips", true, IDX, false, f_sourceips),
			{{"json.value", S, false, KEY, true, ""}, f_json_value, needs::any_json},
			{{"json.obj", S, false, NONE, false, ""}, f_json_obj, needs::any_json},
			{{"json.rawtime", S, false, NONE, false, ""}, nullptr, needs::event_time},
			{{"jevt.value", S, false, KEY, true, ""}, f_json_value, needs::any_json},
			{{"jevt.obj", S, false, NONE, false, ""}, f_json_obj, needs::any_json},
			{{"jevt.rawtime", S, false, NONE, false, ""}, nullptr, needs::event_time},
		};
		const std::vector<audit_field>& pods = pod_fields();
		v.insert(v.end(), pods.begin(), pods.end());
		return v;
	}();
	return rows;
}
#undef KA

class audit_extractor final : public extractor {
public:
	audit_extractor(const audit_field& def, audit_args args)
	    : extractor(def.info.name, args.text, def.info.type, def.info.is_list), m_def(def), m_args(std::move(args)) {}

	bool extract(const state::event_context& ctx, std::vector<field_value>& out) override {
		out.clear();
		m_texts.clear();
		const sources::k8s_audit::audit_event_context* audit = sources::k8s_audit::as_audit_context(ctx);
		if(audit == nullptr) return false;
		const node& evt = *audit->audit->json;
		switch(m_def.need) {
		case needs::event_time: m_texts.push_back(std::to_string(audit->audit->ts)); break;
		case needs::audit_id:
			if(evt.get("auditID") == nullptr) return false;
			[[fallthrough]];
		case needs::any_json:
			if(!m_def.fn(evt, m_args, m_texts)) return false;
			break;
		}
		if(m_texts.empty()) return false;
		for(const std::string& text : m_texts) {
			field_value v;
			v.str = text;
			out.push_back(v);
		}
		return true;
	}

private:
	const audit_field& m_def;
	audit_args m_args;
	texts m_texts;
};

const std::map<std::string, const audit_field*>& by_name() {
	static const std::map<std::string, const audit_field*> map = [] {
		std::map<std::string, const audit_field*> m;
		for(const audit_field& f : all_fields()) m[f.info.name] = &f;
		return m;
	}();
	return map;
}

class source_extractor final : public extractor {
public:
	explicit source_extractor(std::unique_ptr<extractor> inner)
	    : extractor(inner->name(), inner->arg(), inner->type(), inner->is_list()), m_inner(std::move(inner)) {}

	bool extract(const state::event_context& ctx, std::vector<field_value>& out) override {
		if(sources::k8s_audit::as_audit_context(ctx) == nullptr) return m_inner->extract(ctx, out);
		out.clear();
		field_value v;
		v.str = "k8s_audit";
		out.push_back(v);
		return true;
	}

private:
	std::unique_ptr<extractor> m_inner;
};

}  // namespace

std::unique_ptr<extractor> make_source_aware(std::unique_ptr<extractor> inner) {
	if(!inner) return inner;
	return std::make_unique<source_extractor>(std::move(inner));
}

bool is_k8s_audit_field(const std::string& name) {
	return by_name().count(name) > 0;
}

const std::vector<field_info>& k8s_audit_field_infos() {
	static const std::vector<field_info> infos = [] {
		std::vector<field_info> v;
		for(const audit_field& f : all_fields()) v.push_back(f.info);
		return v;
	}();
	return infos;
}

std::unique_ptr<extractor> create_k8s_audit_extractor(const std::string& name, const std::string& arg, bool has_arg,
                                                      std::string& error) {
	auto it = by_name().find(name);
	if(it == by_name().end()) {
		error = "unknown field '" + name + "'";
		return nullptr;
	}
	const field_info& info = it->second->info;
	audit_args args;
	args.has = has_arg;
	args.text = arg;
	if(has_arg) {
		if(info.arg == arg_kind::none) {
			error = "field '" + name + "' does not take an argument";
			return nullptr;
		}
		char* end = nullptr;
		const long long v = std::strtoll(arg.c_str(), &end, 10);
		const bool numeric = !arg.empty() && end != nullptr && *end == '\0' && v >= 0;
		if(info.arg == arg_kind::index && !numeric) {
			error = "field '" + name + "' needs a non-negative numeric argument, got '" + arg + "'";
			return nullptr;
		}
		if(info.arg == arg_kind::index) args.index = v;
	} else if(info.arg_required) {
		error = "field '" + name + "' requires an argument";
		return nullptr;
	}
	return std::make_unique<audit_extractor>(*it->second, std::move(args));
}

}  // namespace studio::fields
