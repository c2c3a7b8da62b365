// The k8s_audit extractors (see k8s_audit_fields.h). The table lists each field with its
// catalog shape (data/fields.json: plugin-k8saudit.txt, plugin-json.txt) and its extraction.
// Semantics follow the k8saudit plugin's extractor: a ka.* field is missing on a JSON object
// without "auditID"; list fields walk arrays (every element, or only the [index] one) and
// leave out elements without the value, except the image fields, which are missing as soon as
// one container has no image; "eff_" fields fall back to the pod-level setting, then 0.
#include "fields/k8s_audit_fields.h"

#include <algorithm>
#include <cstdlib>
#include <cstring>
#include <map>

#include "sources/k8s_audit/audit_context.h"

namespace studio::fields {

namespace {

using node = sources::k8s_audit::json_node;
using texts = std::vector<std::string>;

/** A field's argument: a key (text) and, when it is a number, an index (else -1). */
struct audit_args {
	bool has = false;
	std::string text;
	int64_t index = -1;
};

using audit_fn = bool (*)(const node& evt, const audit_args& a, texts& out);

// --- helpers -----------------------------------------------------------------------------

std::string as_text(const node& n) {
	std::string s;
	sources::k8s_audit::append_as_text(n, s);
	return s;
}

bool text_at(const node& evt, std::initializer_list<std::string_view> keys, texts& out) {
	const node* n = evt.path(keys);
	if(n == nullptr) return false;
	out.push_back(as_text(*n));
	return true;
}

bool list_at(const node& evt, std::initializer_list<std::string_view> keys, texts& out) {
	const node* n = evt.path(keys);
	if(n == nullptr || n->kind != node::ARRAY) return false;
	for(const node& item : n->items) out.push_back(as_text(item));
	return true;
}

// The plugin's getValuesRecursive: follows `keys`, fanning out over every element of each
// array met (null where an element lacks the rest of the path), or taking only element
// `index` when one is given. False when the path is absent.
bool walk(const node* v, int64_t index, const std::vector<std::string_view>& keys, size_t from,
          std::vector<const node*>& res) {
	for(size_t i = from; i < keys.size(); i++) {
		if(v->kind == node::ARRAY) {
			if(index < 0) {
				for(const node& item : v->items) {
					if(!walk(&item, index, keys, i, res)) res.push_back(nullptr);
				}
				return true;
			}
			if(static_cast<uint64_t>(index) >= v->items.size()) return false;
			v = &v->items[static_cast<size_t>(index)];
		}
		if(!keys[i].empty()) v = v->get(keys[i]);
		if(v == nullptr) return false;
	}
	res.push_back(v);
	return true;
}

bool walk_skip_missing(const node& evt, int64_t index, const std::vector<std::string_view>& keys, texts& out) {
	std::vector<const node*> res;
	if(!walk(&evt, index, keys, 0, res)) return false;
	for(const node* n : res) {
		if(n != nullptr) out.push_back(as_text(*n));
	}
	return true;
}

bool walk_all(const node& evt, int64_t index, const std::vector<std::string_view>& keys, texts& out) {
	std::vector<const node*> res;
	if(!walk(&evt, index, keys, 0, res)) return false;
	for(const node* n : res) {
		if(n == nullptr) return false;
		out.push_back(as_text(*n));
	}
	return true;
}

// --- pod and container fields, per container list ------------------------------------------

constexpr std::string_view k_lists[] = {"containers", "initContainers", "ephemeralContainers"};

template <int L>
std::vector<std::string_view> container_path(std::initializer_list<std::string_view> rest) {
	std::vector<std::string_view> keys{"requestObject", "spec", k_lists[L]};
	keys.insert(keys.end(), rest.begin(), rest.end());
	return keys;
}

template <int L>
bool f_image(const node& e, const audit_args& a, texts& out) {
	return walk_all(e, a.index, container_path<L>({"image"}), out);
}

std::string repository_of(const std::string& image) {
	return image.substr(0, std::min(image.find(':'), image.find('@')));
}

template <int L>
bool f_repository(const node& e, const audit_args& a, texts& out) {
	if(!walk_all(e, a.index, container_path<L>({"image"}), out)) return false;
	for(std::string& image : out) image = repository_of(image);
	return true;
}

template <int L>
bool f_name(const node& e, const audit_args& a, texts& out) {
	return walk_skip_missing(e, a.index, container_path<L>({"name"}), out);
}
template <int L>
bool f_command(const node& e, const audit_args& a, texts& out) {
	return walk_skip_missing(e, a.index, container_path<L>({"command"}), out);
}
template <int L>
bool f_args(const node& e, const audit_args& a, texts& out) {
	return walk_skip_missing(e, a.index, container_path<L>({"args"}), out);
}
template <int L>
bool f_privileged(const node& e, const audit_args& a, texts& out) {
	return walk_skip_missing(e, a.index, container_path<L>({"securityContext", "privileged"}), out);
}
template <int L>
bool f_escalation(const node& e, const audit_args& a, texts& out) {
	return walk_skip_missing(e, a.index, container_path<L>({"securityContext", "allowPrivilegeEscalation"}), out);
}
template <int L>
bool f_read_only_fs(const node& e, const audit_args& a, texts& out) {
	return walk_skip_missing(e, a.index, container_path<L>({"securityContext", "readOnlyRootFilesystem"}), out);
}
template <int L>
bool f_run_as_user(const node& e, const audit_args& a, texts& out) {
	return walk_skip_missing(e, a.index, container_path<L>({"securityContext", "runAsUser"}), out);
}
template <int L>
bool f_run_as_group(const node& e, const audit_args& a, texts& out) {
	return walk_skip_missing(e, a.index, container_path<L>({"securityContext", "runAsGroup"}), out);
}
template <int L>
bool f_proc_mount(const node& e, const audit_args& a, texts& out) {
	return walk_skip_missing(e, a.index, container_path<L>({"securityContext", "procMount"}), out);
}
template <int L>
bool f_capabilities(const node& e, const audit_args& a, texts& out) {
	return walk_skip_missing(e, a.index, container_path<L>({"securityContext", "capabilities", "add"}), out);
}

// The plugin's "effectively" values: the container's own setting, else the pod's, else "0".
template <int L>
bool effective(const node& e, const audit_args& a, std::string_view key, texts& out) {
	const node* pod_level = e.path({"requestObject", "spec", "securityContext", key});
	const std::string fallback = pod_level != nullptr ? as_text(*pod_level) : "0";
	std::vector<const node*> res;
	if(!walk(&e, a.index, container_path<L>({"securityContext", key}), 0, res)) return false;
	for(const node* n : res) out.push_back(n != nullptr ? as_text(*n) : fallback);
	return true;
}
template <int L>
bool f_eff_user(const node& e, const audit_args& a, texts& out) {
	return effective<L>(e, a, "runAsUser", out);
}
template <int L>
bool f_eff_group(const node& e, const audit_args& a, texts& out) {
	return effective<L>(e, a, "runAsGroup", out);
}

// hostPort of every port of every container, or containerPort when there is none.
template <int L>
bool f_host_port(const node& e, const audit_args& a, texts& out) {
	std::vector<const node*> res;
	if(!walk(&e, a.index, container_path<L>({"ports"}), 0, res)) return false;
	for(const node* ports : res) {
		if(ports == nullptr) continue;
		if(ports->kind != node::ARRAY) return false;
		for(const node& port : ports->items) {
			if(const node* p = port.get("hostPort")) {
				out.push_back(as_text(*p));
			} else if(const node* c = port.get("containerPort")) {
				out.push_back(as_text(*c));
			}
		}
	}
	return true;
}

bool f_first_image(const node& e, const audit_args&, texts& out) {
	if(!walk_all(e, 0, container_path<0>({"image"}), out) || out.empty()) return false;
	out.resize(1);
	return true;
}
bool f_first_repository(const node& e, const audit_args& a, texts& out) {
	if(!f_first_image(e, a, out)) return false;
	out[0] = repository_of(out[0]);
	return true;
}
bool f_any_privileged(const node& e, const audit_args&, texts& out) {
	std::vector<const node*> res;
	if(!walk(&e, -1, container_path<0>({"securityContext", "privileged"}), 0, res)) return false;
	bool any = false;
	for(const node* n : res) any = any || (n != nullptr && n->kind == node::BOOLEAN && n->boolean);
	out.push_back(any ? "true" : "false");
	return true;
}

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
KEYS(f_host_ipc, "requestObject", "spec", "hostIPC")
KEYS(f_host_network, "requestObject", "spec", "hostNetwork")
KEYS(f_host_pid, "requestObject", "spec", "hostPID")
KEYS(f_pod_run_as_user, "requestObject", "spec", "securityContext", "runAsUser")
KEYS(f_pod_run_as_group, "requestObject", "spec", "securityContext", "runAsGroup")
LIST(f_role_rules, "requestObject", "rules")
KEYS(f_fs_group, "requestObject", "spec", "securityContext", "fsGroup")
LIST(f_supplemental_groups, "requestObject", "spec", "securityContext", "supplementalGroups")
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

// The elements of the array at `keys` (only element [index] with an index). The plugin code
// we follow returns such an array as one JSON text; the catalog declares these fields as
// lists with an index, so each element is one value here.
bool array_elements(const node& e, const audit_args& a, std::initializer_list<std::string_view> keys, texts& out) {
	const node* n = e.path(keys);
	if(n == nullptr || n->kind != node::ARRAY) return false;
	if(a.index >= 0) {
		if(static_cast<uint64_t>(a.index) >= n->items.size()) return false;
		out.push_back(as_text(n->items[static_cast<size_t>(a.index)]));
		return true;
	}
	for(const node& item : n->items) out.push_back(as_text(item));
	return true;
}
bool f_service_ports(const node& e, const audit_args& a, texts& out) {
	return array_elements(e, a, {"requestObject", "spec", "ports"}, out);
}
bool f_hostpaths(const node& e, const audit_args& a, texts& out) {
	return walk_skip_missing(e, a.index, {"requestObject", "spec", "volumes", "hostPath", "path"}, out);
}
bool f_flexvolume(const node& e, const audit_args& a, texts& out) {
	return walk_skip_missing(e, a.index, {"requestObject", "spec", "volumes", "flexVolume", "driver"}, out);
}
// The member names of each volume but "name" (the volume's type, as the plugin reads it).
bool f_volume_type(const node& e, const audit_args& a, texts& out) {
	std::vector<const node*> res;
	if(!walk(&e, a.index, {"requestObject", "spec", "volumes", ""}, 0, res)) return false;
	for(const node* v : res) {
		if(v == nullptr || v->kind != node::OBJECT) continue;
		for(const auto& member : v->members) {
			if(member.first != "name") out.push_back(member.first);
		}
	}
	return true;
}
// "true" when a hostPath volume equals the argument, or starts with it when it ends in '*'.
bool f_volume_hostpath(const node& e, const audit_args& a, texts& out) {
	texts paths;
	if(!walk_skip_missing(e, -1, {"requestObject", "spec", "volumes", "hostPath", "path"}, paths)) return false;
	const bool prefix = !a.text.empty() && a.text.back() == '*';
	const std::string stem = prefix ? a.text.substr(0, a.text.size() - 1) : a.text;
	bool found = false;
	for(const std::string& p : paths) found = found || (prefix ? p.rfind(stem, 0) == 0 : p == a.text);
	out.push_back(found ? "true" : "false");
	return true;
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

enum class needs : uint8_t { audit_id, any_json, event_time };

struct audit_field {
	field_info info;
	audit_fn fn;
	needs need;
};

constexpr field_type S = field_type::CHARBUF;
constexpr arg_kind NONE = arg_kind::none;
constexpr arg_kind IDX = arg_kind::index;
constexpr arg_kind KEY = arg_kind::key;

#define KA(name, list, arg, req, fn) {{name, S, list, arg, req, ""}, fn, needs::audit_id}
#define CONTAINER_FIELDS(prefix, L)                                                               \
	KA(prefix ".name", true, IDX, false, f_name<L>), KA(prefix ".image", true, IDX, false, f_image<L>), \
	        KA(prefix ".image.repository", true, IDX, false, f_repository<L>),                        \
	        KA(prefix ".command", true, IDX, false, f_command<L>), KA(prefix ".args", true, IDX, false, f_args<L>), \
	        KA(prefix ".privileged", true, IDX, false, f_privileged<L>),                              \
	        KA(prefix ".allow_privilege_escalation", true, IDX, false, f_escalation<L>),              \
	        KA(prefix ".read_only_fs", true, IDX, false, f_read_only_fs<L>),                          \
	        KA(prefix ".run_as_user", true, IDX, false, f_run_as_user<L>),                            \
	        KA(prefix ".eff_run_as_user", true, IDX, false, f_eff_user<L>),                           \
	        KA(prefix ".run_as_group", true, IDX, false, f_run_as_group<L>),                          \
	        KA(prefix ".eff_run_as_group", true, IDX, false, f_eff_group<L>),                         \
	        KA(prefix ".proc_mount", true, IDX, false, f_proc_mount<L>),                              \
	        KA(prefix ".add_capabilities", true, IDX, false, f_capabilities<L>),                      \
	        KA(prefix ".host_port", true, IDX, false, f_host_port<L>)

const audit_field k_fields[] = {
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
        CONTAINER_FIELDS("ka.req.pod.containers", 0),
        CONTAINER_FIELDS("ka.req.pod.initContainers", 1),
        CONTAINER_FIELDS("ka.req.pod.ephemeralContainers", 2),
        KA("ka.req.container.image", false, NONE, false, f_first_image),
        KA("ka.req.container.image.repository", false, NONE, false, f_first_repository),
        KA("ka.req.container.privileged", false, NONE, false, f_any_privileged),
        KA("ka.req.pod.host_ipc", false, NONE, false, f_host_ipc),
        KA("ka.req.pod.host_network", false, NONE, false, f_host_network),
        KA("ka.req.container.host_network", false, NONE, false, f_host_network),
        KA("ka.req.pod.host_pid", false, NONE, false, f_host_pid),
        KA("ka.req.pod.run_as_user", false, NONE, false, f_pod_run_as_user),
        KA("ka.req.pod.run_as_group", false, NONE, false, f_pod_run_as_group),
        KA("ka.req.role.rules", true, NONE, false, f_role_rules),
        KA("ka.req.role.rules.apiGroups", true, IDX, false, f_rules_api_groups),
        KA("ka.req.role.rules.nonResourceURLs", true, IDX, false, f_rules_urls),
        KA("ka.req.role.rules.verbs", true, IDX, false, f_rules_verbs),
        KA("ka.req.role.rules.resources", true, IDX, false, f_rules_resources),
        KA("ka.req.pod.fs_group", false, NONE, false, f_fs_group),
        KA("ka.req.pod.supplemental_groups", true, NONE, false, f_supplemental_groups),
        KA("ka.req.service.type", false, NONE, false, f_service_type),
        KA("ka.req.service.ports", true, IDX, false, f_service_ports),
        KA("ka.req.pod.volumes.hostpath", true, IDX, false, f_hostpaths),
        KA("ka.req.volume.hostpath", false, KEY, true, f_volume_hostpath),
        KA("ka.req.pod.volumes.flexvolume_driver", true, IDX, false, f_flexvolume),
        KA("ka.req.pod.volumes.volume_type", true, IDX, false, f_volume_type),
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
#undef KA
#undef CONTAINER_FIELDS

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
		for(const audit_field& f : k_fields) m[f.info.name] = &f;
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
		for(const audit_field& f : k_fields) v.push_back(f.info);
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
