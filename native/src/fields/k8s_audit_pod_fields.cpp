// The pod and container fields of the k8s_audit source (ka.req.pod.*, ka.req.container.*,
// volumes), one family of fields per container list (containers, initContainers,
// ephemeralContainers), with the k8saudit plugin's semantics: the image fields are missing as
// soon as one container has no image; the other container fields leave such containers out;
// "eff_" fields fall back to the pod-level setting, then "0".
#include "fields/k8s_audit_table.h"

#include <algorithm>

namespace studio::fields::k8s_audit_table {

namespace {

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

#define KEYS(fn, ...)                                                 \
	bool fn(const node& e, const audit_args&, texts& out) {             \
		return text_at(e, {__VA_ARGS__}, out);                            \
	}
#define LIST(fn, ...)                                                 \
	bool fn(const node& e, const audit_args&, texts& out) {             \
		return list_at(e, {__VA_ARGS__}, out);                            \
	}
KEYS(f_host_ipc, "requestObject", "spec", "hostIPC")
KEYS(f_host_network, "requestObject", "spec", "hostNetwork")
KEYS(f_host_pid, "requestObject", "spec", "hostPID")
KEYS(f_pod_run_as_user, "requestObject", "spec", "securityContext", "runAsUser")
KEYS(f_pod_run_as_group, "requestObject", "spec", "securityContext", "runAsGroup")
KEYS(f_fs_group, "requestObject", "spec", "securityContext", "fsGroup")
LIST(f_supplemental_groups, "requestObject", "spec", "securityContext", "supplementalGroups")
#undef KEYS
#undef LIST

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

constexpr field_type S = field_type::CHARBUF;
constexpr arg_kind NONE = arg_kind::none;
constexpr arg_kind IDX = arg_kind::index;
constexpr arg_kind KEY = arg_kind::key;

}  // namespace

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

const std::vector<audit_field>& pod_fields() {
	static const std::vector<audit_field> rows = {
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
        KA("ka.req.pod.fs_group", false, NONE, false, f_fs_group),
        KA("ka.req.pod.supplemental_groups", true, NONE, false, f_supplemental_groups),
        KA("ka.req.pod.volumes.hostpath", true, IDX, false, f_hostpaths),
        KA("ka.req.volume.hostpath", false, KEY, true, f_volume_hostpath),
        KA("ka.req.pod.volumes.flexvolume_driver", true, IDX, false, f_flexvolume),
        KA("ka.req.pod.volumes.volume_type", true, IDX, false, f_volume_type),
	};
	return rows;
}
#undef KA
#undef CONTAINER_FIELDS

}  // namespace studio::fields::k8s_audit_table
