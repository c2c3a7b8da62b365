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
bool f_container_name(const event_context& c, const field_args&, scratch&, V& out) {
	// Container names come from container meta-events; host threads are named "host".
	return c.thread != nullptr && c.thread->container_id == "host" && push_str(out, "host");
}
bool f_container_type(const event_context& c, const field_args&, scratch&, V& out) {
	return c.thread != nullptr && c.thread->container_id == "host" && push_str(out, "host");
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
};

}  // namespace

field_class user_field_class() {
	return {k_fields, sizeof(k_fields) / sizeof(k_fields[0])};
}

}  // namespace studio::fields
