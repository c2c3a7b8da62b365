// user.*, group.* and container.* fields. Users and groups come from the capture's user list
// (0.29.3: <NA> when the uid is not in the table); the container id comes from the thread's
// cgroups, and threads outside containers report "host".
#include "fields/field_table.h"

namespace studio::fields {

namespace {

using state::event_context;
using V = std::vector<field_value>;

const reader::user_record* user_of(const event_context& c) {
	return c.thread == nullptr ? nullptr : c.insp->find_user(c.thread->uid);
}

bool f_uid(const event_context& c, const field_args&, scratch&, V& out) {
	return c.thread != nullptr && push_u(out, c.thread->uid);
}
bool f_name(const event_context& c, const field_args&, scratch&, V& out) {
	const reader::user_record* u = user_of(c);
	return u != nullptr && push_str(out, u->name);
}
bool f_homedir(const event_context& c, const field_args&, scratch&, V& out) {
	const reader::user_record* u = user_of(c);
	return u != nullptr && push_str(out, u->homedir);
}
bool f_shell(const event_context& c, const field_args&, scratch&, V& out) {
	const reader::user_record* u = user_of(c);
	return u != nullptr && push_str(out, u->shell);
}
bool f_loginuid(const event_context& c, const field_args&, scratch&, V& out) {
	return c.thread != nullptr && push_i(out, static_cast<int32_t>(c.thread->loginuid));
}
bool f_loginname(const event_context& c, const field_args&, scratch&, V& out) {
	if(c.thread == nullptr) return false;
	const reader::user_record* u = c.insp->find_user(c.thread->loginuid);
	return u != nullptr && push_str(out, u->name);
}
bool f_gid(const event_context& c, const field_args&, scratch&, V& out) {
	return c.thread != nullptr && push_u(out, c.thread->gid);
}
bool f_group_name(const event_context& c, const field_args&, scratch&, V& out) {
	if(c.thread == nullptr) return false;
	const reader::group_record* g = c.insp->find_group(c.thread->gid);
	return g != nullptr && push_str(out, g->name);
}
bool f_container_id(const event_context& c, const field_args&, scratch&, V& out) {
	return c.thread != nullptr && push_str(out, c.thread->container_id);
}
/** The thread's container table entry (null for host threads and unknown containers). */
const state::container_info* container_of(const event_context& c) {
	if(c.thread == nullptr || c.thread->container_id == "host") return nullptr;
	return c.insp->find_container(c.thread->container_id);
}
bool f_container_name(const event_context& c, const field_args&, scratch&, V& out) {
	// Host threads are named "host"; others by their container meta-event.
	if(c.thread != nullptr && c.thread->container_id == "host") return push_str(out, "host");
	const state::container_info* k = container_of(c);
	return k != nullptr && !k->name.empty() && push_str(out, k->name);
}
bool f_container_type(const event_context& c, const field_args&, scratch&, V& out) {
	if(c.thread != nullptr && c.thread->container_id == "host") return push_str(out, "host");
	const state::container_info* k = container_of(c);
	const char* name = k != nullptr ? state::container_type_name(k->type) : nullptr;
	return name != nullptr && push_str(out, name);
}
#define CONTAINER_STRING(fn, member)                                                  \
	bool fn(const event_context& c, const field_args&, scratch&, V& out) {            \
		const state::container_info* k = container_of(c);                             \
		return k != nullptr && !k->member.empty() && push_str(out, k->member);        \
	}
CONTAINER_STRING(f_container_image, image)
CONTAINER_STRING(f_container_image_repo, image_repo)
CONTAINER_STRING(f_container_image_tag, image_tag)
CONTAINER_STRING(f_container_image_id, image_id)
CONTAINER_STRING(f_container_ip, ip)
CONTAINER_STRING(f_k8s_pod_name, pod_name)
CONTAINER_STRING(f_k8s_ns_name, pod_namespace)
#undef CONTAINER_STRING
bool f_container_privileged(const event_context& c, const field_args&, scratch&, V& out) {
	const state::container_info* k = container_of(c);
	return k != nullptr && k->has_privileged && push_bool(out, k->privileged);
}
bool f_container_start_ts(const event_context& c, const field_args&, scratch&, V& out) {
	const state::container_info* k = container_of(c);
	return k != nullptr && k->created_ns != 0 && push_u(out, k->created_ns);
}
bool f_container_mounts(const event_context& c, const field_args&, scratch& s, V& out) {
	const state::container_info* k = container_of(c);
	if(k == nullptr || k->mount_dests.empty()) return false;
	std::string text;
	for(size_t i = 0; i < k->mount_dests.size(); i++) {
		if(i > 0) text += ',';
		text += (i < k->mount_sources.size() ? k->mount_sources[i] : std::string()) + ":" + k->mount_dests[i];
	}
	return push_owned(out, s, std::move(text));
}
bool f_container_mount_dest(const event_context& c, const field_args& a, scratch&, V& out) {
	// The argument is a mount index or a source path; the value is the destination.
	const state::container_info* k = container_of(c);
	if(k == nullptr) return false;
	for(size_t i = 0; i < k->mount_dests.size(); i++) {
		bool hit = a.index >= 0 ? static_cast<size_t>(a.index) == i
		                        : i < k->mount_sources.size() && k->mount_sources[i] == a.text;
		if(hit) return push_str(out, k->mount_dests[i]);
	}
	return false;
}

using FT = field_type;
using AK = arg_kind;
const field_def k_fields[] = {
    {{"user.uid", FT::UINT32, false, AK::none, false, "user id"}, f_uid},
    {{"user.name", FT::CHARBUF, false, AK::none, false, "user name"}, f_name},
    {{"user.homedir", FT::CHARBUF, false, AK::none, false, "home directory"}, f_homedir},
    {{"user.shell", FT::CHARBUF, false, AK::none, false, "shell"}, f_shell},
    {{"user.loginuid", FT::INT64, false, AK::none, false, "login user id"}, f_loginuid},
    {{"user.loginname", FT::CHARBUF, false, AK::none, false, "login user name"}, f_loginname},
    {{"group.gid", FT::UINT32, false, AK::none, false, "group id"}, f_gid},
    {{"group.name", FT::CHARBUF, false, AK::none, false, "group name"}, f_group_name},
    {{"container.id", FT::CHARBUF, false, AK::none, false, "container id"}, f_container_id},
    {{"container.name", FT::CHARBUF, false, AK::none, false, "container name"}, f_container_name},
    {{"container.type", FT::CHARBUF, false, AK::none, false, "container type"}, f_container_type},
    {{"container.image", FT::CHARBUF, false, AK::none, false, "container image"}, f_container_image},
    {{"container.image.repository", FT::CHARBUF, false, AK::none, false, "image repository"}, f_container_image_repo},
    {{"container.image.tag", FT::CHARBUF, false, AK::none, false, "image tag"}, f_container_image_tag},
    {{"container.image.id", FT::CHARBUF, false, AK::none, false, "image id"}, f_container_image_id},
    {{"container.ip", FT::CHARBUF, false, AK::none, false, "container ip"}, f_container_ip},
    {{"container.privileged", FT::BOOL, false, AK::none, false, "privileged container"}, f_container_privileged},
    {{"container.start_ts", FT::ABSTIME, false, AK::none, false, "container start"}, f_container_start_ts},
    {{"container.mounts", FT::CHARBUF, false, AK::none, false, "mounts"}, f_container_mounts},
    {{"container.mount.dest", FT::CHARBUF, false, AK::any, true, "mount destination"}, f_container_mount_dest},
    {{"k8s.pod.name", FT::CHARBUF, false, AK::none, false, "pod name"}, f_k8s_pod_name},
    {{"k8s.ns.name", FT::CHARBUF, false, AK::none, false, "namespace name"}, f_k8s_ns_name},
};

}  // namespace

field_class user_field_class() {
	return {k_fields, sizeof(k_fields) / sizeof(k_fields[0])};
}

}  // namespace studio::fields
