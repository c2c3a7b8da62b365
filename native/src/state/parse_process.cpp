// Process-family parsers: clone/fork/vfork/clone3 (parent and child sides, 0.29.3's ptid and
// pid rules), execve/execveat (the process image, placeholder fix-up), procexit (deferred
// removal), chdir/fchdir/chroot and the set*id calls (0.29.3 reads the new id from the enter).
#include <cstring>

#include "state/parsers.h"

namespace studio::state {

namespace {

constexpr uint32_t PPM_CL_CLONE_INVERTED = 1u << 16;

std::string param_text(const event_context& ctx, const char* name) {
	std::string_view s;
	return reader::param_string(parsers::param(ctx, name), s) ? std::string(s) : std::string();
}

bool has_param(const event_context& ctx, const char* name) {
	return parsers::param(ctx, name).len > 0;
}

/** Copies the per-event process fields (exe, args, comm, limits, ids, cgroups) of a clone. */
void fill_from_clone(const event_context& ctx, thread_info& child) {
	child.exe = param_text(ctx, "exe");
	child.args = parsers::split_nul(parsers::param(ctx, "args"));
	child.comm = has_param(ctx, "comm") ? param_text(ctx, "comm") : child.exe;
	int64_t v = 0;
	uint64_t u = 0;
	if(parsers::param_i64(ctx, "fdlimit", v)) child.fdlimit = static_cast<uint64_t>(v);
	if(reader::param_uint(parsers::param(ctx, "flags"), u)) child.flags = static_cast<uint32_t>(u);
	if(reader::param_uint(parsers::param(ctx, "uid"), u)) child.uid = static_cast<uint32_t>(u);
	if(reader::param_uint(parsers::param(ctx, "gid"), u)) child.gid = static_cast<uint32_t>(u);
	if(reader::param_uint(parsers::param(ctx, "vm_size"), u)) child.vmsize_kb = static_cast<uint32_t>(u);
	if(reader::param_uint(parsers::param(ctx, "vm_rss"), u)) child.vmrss_kb = static_cast<uint32_t>(u);
	if(reader::param_uint(parsers::param(ctx, "vm_swap"), u)) child.vmswap_kb = static_cast<uint32_t>(u);
	if(parsers::param_i64(ctx, "vtid", v)) child.vtid = v;
	if(parsers::param_i64(ctx, "vpid", v)) child.vpid = v;
	if(has_param(ctx, "cgroups")) {
		child.cgroups = parsers::split_nul(parsers::param(ctx, "cgroups"));
		child.container_id = parsers::container_id_from_cgroups(child.cgroups);
	}
	child.clone_ts = ctx.evt->ts;
}

/** Fields a new thread or process inherits from the one that created it. */
void inherit(const inspector& in, const thread_info& from, thread_info& child, bool copy_fds) {
	child.exepath = from.exepath;
	child.root = from.root;
	child.sid = from.sid;
	child.vpgid = from.vpgid;
	child.pgid = from.pgid;
	child.tty = from.tty;
	child.loginuid = from.loginuid;
	child.cap_inheritable = from.cap_inheritable;
	child.cap_permitted = from.cap_permitted;
	child.cap_effective = from.cap_effective;
	child.exe_writable = from.exe_writable;
	child.exe_upper_layer = from.exe_upper_layer;
	child.exe_lower_layer = from.exe_lower_layer;
	child.exe_from_memfd = from.exe_from_memfd;
	child.exe_ino = from.exe_ino;
	child.exe_ino_ctime = from.exe_ino_ctime;
	child.exe_ino_mtime = from.exe_ino_mtime;
	if(copy_fds) {
		const thread_info* leader = in.leader_of(const_cast<thread_info*>(&from));
		child.fds = leader->fds;
		child.cwd = leader->cwd;
		child.env = leader->env;
	}
}

void set_uid_from(inspector& in, event_context& ctx, const char* name, bool gid) {
	int64_t res = -1;
	thread_info* t = ctx.thread;
	if(t == nullptr || !parsers::param_i64(ctx, "res", res) || res < 0) return;
	uint64_t id = 0;
	reader::param_view p = parsers::enter(in, name);
	if(p.len == 0) p = parsers::param(ctx, name);
	if(!reader::param_uint(p, id) || id == 0xFFFFFFFFu) return;  // -1 means "unchanged"
	(gid ? t->gid : t->uid) = static_cast<uint32_t>(id);
}

}  // namespace

void parsers::clone_exit(inspector& in, event_context& ctx) {
	int64_t res = -1, ptid = -1, pid = -1, vtid = -1;
	if(!param_i64(ctx, "res", res) || res < 0) return;
	param_i64(ctx, "pid", pid);
	param_i64(ctx, "ptid", ptid);
	uint64_t flags = 0;
	reader::param_uint(param(ctx, "flags"), flags);
	bool is_thread = (flags & PPM_CL_CLONE_THREAD) != 0;
	int64_t tid = static_cast<int64_t>(ctx.evt->tid);

	if(res > 0) {
		// 1. Parent side: the caller is created if missing and patched if a placeholder.
		thread_info* caller = in.get_or_create_thread(tid);
		ctx.thread = caller;
		if(caller->placeholder) {
			caller->pid = pid;
			caller->ptid = ptid;
		}
		bool in_ns = (flags & (PPM_CL_CHILD_IN_PIDNS | PPM_CL_CLONE_NEWPID | PPM_CL_CLONE_PARENT)) != 0 ||
		             (param_i64(ctx, "vtid", vtid) && vtid != tid && vtid >= 0 && caller->vtid >= 0 &&
		              caller->vtid != caller->tid);
		if(in_ns) return;  // the child's own exit builds the entry
		if(thread_info* existing = in.find_thread(res)) {
			if((existing->flags & PPM_CL_CLONE_INVERTED) != 0) return;
		}
		// 2. Build the child.
		auto child = std::make_unique<thread_info>();
		child->tid = res;
		fill_from_clone(ctx, *child);
		if(is_thread) {
			child->pid = pid;
			child->ptid = caller->tid;  // 0.29.3: the caller's tid, not its ptid
		} else {
			child->pid = res;
			child->ptid = caller->tid;
		}
		inherit(in, *caller, *child, !is_thread);
		in.add_thread(std::move(child));
		return;
	}

	// 3. Child side: keep an entry the parent side already built.
	thread_info* existing = in.find_thread(tid);
	if(existing != nullptr && !existing->placeholder) {
		ctx.thread = existing;
		return;
	}
	auto child = std::make_unique<thread_info>();
	child->tid = tid;
	child->pid = pid;
	fill_from_clone(ctx, *child);
	child->flags |= PPM_CL_CLONE_INVERTED;
	// 0.29.3 takes the parent from pid for a thread and from ptid for a process.
	int64_t parent_tid = is_thread ? pid : ptid;
	child->ptid = parent_tid;
	if(thread_info* parent = in.find_thread(parent_tid)) {
		inherit(in, *parent, *child, !is_thread);
	} else {
		std::string cwd = param_text(ctx, "cwd");
		child->cwd = cwd.empty() || cwd.back() != '/' ? cwd + "/" : cwd;
	}
	ctx.thread = in.add_thread(std::move(child));
}

void parsers::execve_exit(inspector& in, event_context& ctx) {
	thread_info* t = ctx.thread;
	int64_t res = -1;
	if(t == nullptr || !param_i64(ctx, "res", res) || res < 0) return;
	int64_t v = 0;
	uint64_t u = 0;
	t->exe = param_text(ctx, "exe");
	t->args = split_nul(param(ctx, "args"));
	t->comm = has_param(ctx, "comm") ? param_text(ctx, "comm") : t->exe;
	if(param_i64(ctx, "pid", v)) t->pid = v;
	if(t->placeholder) {
		if(param_i64(ctx, "ptid", v)) t->ptid = v;
		if(param_i64(ctx, "vtid", v)) t->vtid = v;
		if(param_i64(ctx, "vpid", v)) t->vpid = v;
		t->placeholder = false;
	}
	// 0.29.3 does not take the cwd from execve (proc.cwd stays as it was, empty for a
	// placeholder); relative paths then resolve against the empty cwd, as there.
	if(reader::param_uint(param(ctx, "fdlimit"), u)) t->fdlimit = u;
	if(reader::param_uint(param(ctx, "vm_size"), u)) t->vmsize_kb = static_cast<uint32_t>(u);
	if(reader::param_uint(param(ctx, "vm_rss"), u)) t->vmrss_kb = static_cast<uint32_t>(u);
	if(reader::param_uint(param(ctx, "vm_swap"), u)) t->vmswap_kb = static_cast<uint32_t>(u);
	if(has_param(ctx, "env")) t->env = split_nul(param(ctx, "env"));
	if(has_param(ctx, "cgroups")) {
		t->cgroups = split_nul(param(ctx, "cgroups"));
		t->container_id = container_id_from_cgroups(t->cgroups);
	}
	if(reader::param_uint(param(ctx, "tty"), u)) t->tty = static_cast<uint32_t>(u);
	if(reader::param_uint(param(ctx, "loginuid"), u)) t->loginuid = static_cast<uint32_t>(u);
	if(reader::param_uint(param(ctx, "uid"), u)) t->uid = static_cast<uint32_t>(u);
	if(reader::param_uint(param(ctx, "gid"), u)) t->gid = static_cast<uint32_t>(u);
	if(reader::param_uint(param(ctx, "cap_inheritable"), u)) t->cap_inheritable = u;
	if(reader::param_uint(param(ctx, "cap_permitted"), u)) t->cap_permitted = u;
	if(reader::param_uint(param(ctx, "cap_effective"), u)) t->cap_effective = u;
	if(param_i64(ctx, "vpgid", v)) t->vpgid = v;
	if(param_i64(ctx, "pgid", v)) t->pgid = v;
	// exepath: the trusted path when present; else, for EXECVE_18/19 and execveat only (0.29.3),
	// the enter's filename made absolute. Older versions keep the previous value.
	std::string trusted = param_text(ctx, "trusted_exepath");
	if(!trusted.empty()) {
		t->exepath = trusted;
	} else if(ctx.evt->type == 289 || ctx.evt->type == 293 || ctx.evt->type == 331) {
		std::string_view filename;
		if(reader::param_string(enter(in, "filename"), filename)) {
			t->exepath = concatenate_paths(in.cwd_of(t), filename);
		} else if(reader::param_string(enter(in, "pathname"), filename)) {
			t->exepath = concatenate_paths(in.cwd_of(t), filename);
		}
	}
	t->lastexec_ts = ctx.evt->ts;
}

void parsers::procexit(inspector& in, event_context& ctx) {
	if(ctx.thread == nullptr) return;
	ctx.thread->dead = true;
	in.m_pending_remove_tid = ctx.thread->tid;
}

void parsers::chdir_exit(inspector& in, event_context& ctx) {
	thread_info* t = ctx.thread;
	int64_t res = -1;
	std::string_view path;
	if(t == nullptr || !param_i64(ctx, "res", res) || res < 0) return;
	reader::param_view p = param(ctx, "path");
	if(p.len == 0) p = enter(in, "path");
	if(!reader::param_string(p, path)) return;
	thread_info* leader = in.leader_of(t);
	std::string cwd = concatenate_paths(leader->cwd, path);
	if(cwd.empty() || cwd.back() != '/') cwd += '/';
	leader->cwd = cwd;
}

void parsers::fchdir_exit(inspector& in, event_context& ctx) {
	thread_info* t = ctx.thread;
	int64_t res = -1;
	if(t == nullptr || ctx.fd == nullptr || !param_i64(ctx, "res", res) || res < 0) return;
	std::string cwd = ctx.fd->name;
	if(cwd.empty() || cwd.back() != '/') cwd += '/';
	in.leader_of(t)->cwd = cwd;
}

void parsers::chroot_exit(inspector&, event_context& ctx) {
	int64_t res = -1;
	std::string_view path;
	if(ctx.thread == nullptr || !param_i64(ctx, "res", res) || res < 0) return;
	if(reader::param_string(param(ctx, "path"), path)) ctx.thread->root.assign(path);
}

void parsers::setuid_exit(inspector& in, event_context& ctx) {
	set_uid_from(in, ctx, "uid", false);
}

void parsers::setgid_exit(inspector& in, event_context& ctx) {
	set_uid_from(in, ctx, "gid", true);
}

void parsers::setresuid_exit(inspector& in, event_context& ctx) {
	set_uid_from(in, ctx, "euid", false);
}

void parsers::setresgid_exit(inspector& in, event_context& ctx) {
	set_uid_from(in, ctx, "egid", true);
}

}  // namespace studio::state
