// proc.* and thread.* fields, in sysdig 0.29.3's model: the parent is the thread whose tid
// is this thread's ptid (direct lookup), ancestors start at the thread's leader and follow
// plain ptid links, placeholders show comm "<NA>" and an empty exepath.
#include <cstring>
#include <unordered_set>

#include "fields/field_table.h"

namespace studio::fields {

namespace {

using state::event_context;
using state::thread_info;
using V = std::vector<field_value>;

thread_info* parent_of(const event_context& c, const thread_info* t) {
	return t == nullptr ? nullptr : c.insp->find_thread(t->ptid);
}

/** Ancestor n: 0 is the leader of the event's thread, then ptid links. */
thread_info* ancestor(const event_context& c, int64_t n) {
	thread_info* t = c.insp->leader_of(c.thread);
	for(int64_t i = 0; i < n && t != nullptr; i++) t = parent_of(c, t);
	return t;
}

std::string join_args(const thread_info* t) {
	std::string s;
	for(size_t i = 0; i < t->args.size(); i++) {
		if(i > 0) s += ' ';
		s += t->args[i];
	}
	return s;
}

std::string cmdline(const thread_info* t) {
	std::string s = t->comm;
	for(const std::string& a : t->args) {
		s += ' ';
		s += a;
	}
	return s;
}

/** Applies `get` to ancestor[arg], or with no argument to every ancestor from the parent up. */
template <typename Get>
bool over_ancestors(const event_context& c, const field_args& a, V& out, Get get) {
	if(c.thread == nullptr) return false;
	if(a.has) {
		thread_info* t = ancestor(c, a.index);
		return t != nullptr && get(t);
	}
	std::unordered_set<int64_t> seen;
	thread_info* t = parent_of(c, c.insp->leader_of(c.thread));
	while(t != nullptr && seen.insert(t->tid).second) {
		get(t);
		t = parent_of(c, t);
	}
	return !out.empty();
}

std::string caps_text(uint64_t caps) {
	static const char* const names[] = {
	    "CAP_CHOWN", "CAP_DAC_OVERRIDE", "CAP_DAC_READ_SEARCH", "CAP_FOWNER", "CAP_FSETID", "CAP_KILL",
	    "CAP_SETGID", "CAP_SETUID", "CAP_SETPCAP", "CAP_LINUX_IMMUTABLE", "CAP_NET_BIND_SERVICE",
	    "CAP_NET_BROADCAST", "CAP_NET_ADMIN", "CAP_NET_RAW", "CAP_IPC_LOCK", "CAP_IPC_OWNER", "CAP_SYS_MODULE",
	    "CAP_SYS_RAWIO", "CAP_SYS_CHROOT", "CAP_SYS_PTRACE", "CAP_SYS_PACCT", "CAP_SYS_ADMIN", "CAP_SYS_BOOT",
	    "CAP_SYS_NICE", "CAP_SYS_RESOURCE", "CAP_SYS_TIME", "CAP_SYS_TTY_CONFIG", "CAP_MKNOD", "CAP_LEASE",
	    "CAP_AUDIT_WRITE", "CAP_AUDIT_CONTROL", "CAP_SETFCAP", "CAP_MAC_OVERRIDE", "CAP_MAC_ADMIN",
	    "CAP_SYSLOG", "CAP_WAKE_ALARM", "CAP_BLOCK_SUSPEND", "CAP_AUDIT_READ", "CAP_PERFMON", "CAP_BPF",
	    "CAP_CHECKPOINT_RESTORE"};
	std::string s;
	for(size_t i = 0; i < sizeof(names) / sizeof(names[0]); i++) {
		if((caps & (1ull << i)) == 0) continue;
		if(!s.empty()) s += ' ';
		s += names[i];
	}
	return s;
}

#define T_OR_FAIL                                  \
	const thread_info* t = c.thread;               \
	if(t == nullptr) return false;

bool f_exe(const event_context& c, const field_args&, scratch&, V& out) { T_OR_FAIL return push_str(out, t->exe); }
bool f_pexe(const event_context& c, const field_args&, scratch&, V& out) {
	thread_info* p = parent_of(c, c.thread);
	return p != nullptr && push_str(out, p->exe);
}
bool f_aexe(const event_context& c, const field_args& a, scratch&, V& out) {
	return over_ancestors(c, a, out, [&](thread_info* t) { return push_str(out, t->exe); });
}
bool f_exepath(const event_context& c, const field_args&, scratch&, V& out) {
	T_OR_FAIL return push_str(out, t->exepath);
}
bool f_pexepath(const event_context& c, const field_args&, scratch&, V& out) {
	thread_info* p = parent_of(c, c.thread);
	return p != nullptr && push_str(out, p->exepath);
}
bool f_aexepath(const event_context& c, const field_args& a, scratch&, V& out) {
	return over_ancestors(c, a, out, [&](thread_info* t) { return push_str(out, t->exepath); });
}
bool f_name(const event_context& c, const field_args&, scratch&, V& out) { T_OR_FAIL return push_str(out, t->comm); }
bool f_pname(const event_context& c, const field_args&, scratch&, V& out) {
	thread_info* p = parent_of(c, c.thread);
	return p != nullptr && push_str(out, p->comm);
}
bool f_aname(const event_context& c, const field_args& a, scratch&, V& out) {
	return over_ancestors(c, a, out, [&](thread_info* t) { return push_str(out, t->comm); });
}
bool f_args(const event_context& c, const field_args&, scratch& s, V& out) {
	T_OR_FAIL return push_owned(out, s, join_args(t));
}
bool f_cmdline(const event_context& c, const field_args&, scratch& s, V& out) {
	T_OR_FAIL return push_owned(out, s, cmdline(t));
}
bool f_pcmdline(const event_context& c, const field_args&, scratch& s, V& out) {
	thread_info* p = parent_of(c, c.thread);
	return p != nullptr && push_owned(out, s, cmdline(p));
}
bool f_acmdline(const event_context& c, const field_args& a, scratch& s, V& out) {
	return over_ancestors(c, a, out, [&](thread_info* t) { return push_owned(out, s, cmdline(t)); });
}
bool f_cmdnargs(const event_context& c, const field_args&, scratch&, V& out) {
	T_OR_FAIL return push_u(out, t->args.size());
}
bool f_cmdlenargs(const event_context& c, const field_args&, scratch&, V& out) {
	T_OR_FAIL uint64_t n = 0;
	for(const std::string& a : t->args) n += a.size();
	return push_u(out, n);
}
bool f_exeline(const event_context& c, const field_args&, scratch& s, V& out) {
	T_OR_FAIL std::string text = t->exe;
	for(const std::string& a : t->args) text += ' ' + a;
	return push_owned(out, s, std::move(text));
}
bool f_env(const event_context& c, const field_args& a, scratch& s, V& out) {
	if(c.thread == nullptr) return false;
	const thread_info* t = c.insp->leader_of(c.thread);
	if(a.has) {
		for(const std::string& kv : t->env) {
			if(kv.size() > a.text.size() && kv.compare(0, a.text.size(), a.text) == 0 && kv[a.text.size()] == '=') {
				return push_str(out, std::string_view(kv).substr(a.text.size() + 1));
			}
		}
		return false;
	}
	std::string text;
	for(const std::string& kv : t->env) {
		if(!text.empty()) text += ' ';
		text += kv;
	}
	return push_owned(out, s, std::move(text));
}
bool f_cwd(const event_context& c, const field_args&, scratch&, V& out) {
	T_OR_FAIL return push_str(out, c.insp->cwd_of(t));
}
bool f_tty(const event_context& c, const field_args&, scratch&, V& out) { T_OR_FAIL return push_u(out, t->tty); }
bool f_pid(const event_context& c, const field_args&, scratch&, V& out) { T_OR_FAIL return push_i(out, t->pid); }
bool f_ppid(const event_context& c, const field_args&, scratch&, V& out) {
	// 0.29.3: the ptid of the process's leader, as stored (-1 for placeholders).
	if(c.thread == nullptr) return false;
	return push_i(out, c.insp->leader_of(c.thread)->ptid);
}
bool f_apid(const event_context& c, const field_args& a, scratch&, V& out) {
	return over_ancestors(c, a, out, [&](thread_info* t) { return push_i(out, t->pid); });
}
bool f_vpid(const event_context& c, const field_args&, scratch&, V& out) {
	T_OR_FAIL return t->vpid != -1 && push_i(out, t->vpid);  // -1 (unknown) shows <NA>
}
bool f_pvpid(const event_context& c, const field_args&, scratch&, V& out) {
	thread_info* p = parent_of(c, c.thread);
	return p != nullptr && push_i(out, p->vpid);
}
bool f_sid(const event_context& c, const field_args&, scratch&, V& out) { T_OR_FAIL return push_i(out, t->sid); }
bool f_sname(const event_context& c, const field_args&, scratch&, V& out) {
	T_OR_FAIL thread_info* leader = c.insp->find_thread(t->sid);
	return leader != nullptr && push_str(out, leader->comm);
}
bool f_vpgid(const event_context& c, const field_args&, scratch&, V& out) { T_OR_FAIL return push_i(out, t->vpgid); }
bool f_vpgid_name(const event_context& c, const field_args&, scratch&, V& out) {
	T_OR_FAIL thread_info* leader = c.insp->find_thread(t->vpgid);
	return leader != nullptr && push_str(out, leader->comm);
}
bool f_vpgid_exe(const event_context& c, const field_args&, scratch&, V& out) {
	T_OR_FAIL thread_info* leader = c.insp->find_thread(t->vpgid);
	return leader != nullptr && push_str(out, leader->exe);
}
bool f_is_sid_leader(const event_context& c, const field_args&, scratch&, V& out) {
	T_OR_FAIL return push_bool(out, t->sid == t->vpid);
}
bool f_is_vpgid_leader(const event_context& c, const field_args&, scratch&, V& out) {
	T_OR_FAIL return push_bool(out, t->vpgid == t->vpid);
}
bool f_duration(const event_context& c, const field_args&, scratch&, V& out) {
	T_OR_FAIL const thread_info* l = c.insp->leader_of(c.thread);
	if(l->clone_ts == 0 || c.evt->ts < l->clone_ts) return false;
	return push_u(out, c.evt->ts - l->clone_ts);
}
bool f_ppid_duration(const event_context& c, const field_args&, scratch&, V& out) {
	thread_info* p = parent_of(c, c.thread);
	if(p == nullptr) return false;
	const thread_info* l = c.insp->leader_of(p);
	if(l->clone_ts == 0 || c.evt->ts < l->clone_ts) return false;
	return push_u(out, c.evt->ts - l->clone_ts);
}
bool f_ctime_duration_proc_start(const event_context& c, const field_args&, scratch&, V& out) {
	T_OR_FAIL const thread_info* l = c.insp->leader_of(c.thread);
	uint64_t start = l->clone_ts != 0 ? l->clone_ts : l->lastexec_ts;
	if(t->exe_ino_ctime == 0 || start < t->exe_ino_ctime) return false;
	return push_u(out, start - t->exe_ino_ctime);
}
bool f_pid_ts(const event_context& c, const field_args&, scratch&, V& out) {
	T_OR_FAIL const thread_info* l = c.insp->leader_of(c.thread);
	return l->clone_ts != 0 && push_u(out, l->clone_ts);
}
bool f_is_exe_writable(const event_context& c, const field_args&, scratch&, V& out) {
	T_OR_FAIL return push_bool(out, t->exe_writable);
}
bool f_is_exe_upper(const event_context& c, const field_args&, scratch&, V& out) {
	T_OR_FAIL return push_bool(out, t->exe_upper_layer);
}
bool f_is_exe_memfd(const event_context& c, const field_args&, scratch&, V& out) {
	T_OR_FAIL return push_bool(out, t->exe_from_memfd);
}
bool f_exe_ino(const event_context& c, const field_args&, scratch&, V& out) {
	T_OR_FAIL return t->exe_ino != 0 && push_i(out, static_cast<int64_t>(t->exe_ino));
}
bool f_exe_ino_ctime(const event_context& c, const field_args&, scratch&, V& out) {
	T_OR_FAIL return t->exe_ino_ctime != 0 && push_u(out, t->exe_ino_ctime);
}
bool f_exe_ino_mtime(const event_context& c, const field_args&, scratch&, V& out) {
	T_OR_FAIL return t->exe_ino_mtime != 0 && push_u(out, t->exe_ino_mtime);
}
bool f_pidns_ts(const event_context& c, const field_args&, scratch&, V& out) {
	T_OR_FAIL return push_u(out, t->pidns_init_start_ts);
}
bool f_cap_permitted(const event_context& c, const field_args&, scratch& s, V& out) {
	T_OR_FAIL return push_owned(out, s, caps_text(t->cap_permitted));
}
bool f_cap_inheritable(const event_context& c, const field_args&, scratch& s, V& out) {
	T_OR_FAIL return push_owned(out, s, caps_text(t->cap_inheritable));
}
bool f_cap_effective(const event_context& c, const field_args&, scratch& s, V& out) {
	T_OR_FAIL return push_owned(out, s, caps_text(t->cap_effective));
}
bool f_fdopencount(const event_context& c, const field_args&, scratch&, V& out) {
	if(c.thread == nullptr) return false;
	return push_u(out, const_cast<state::inspector*>(c.insp)->fd_table_of(c.thread).size());
}
bool f_fdlimit(const event_context& c, const field_args&, scratch&, V& out) {
	T_OR_FAIL return push_i(out, static_cast<int64_t>(t->fdlimit));
}
bool f_vmsize(const event_context& c, const field_args&, scratch&, V& out) {
	T_OR_FAIL return push_u(out, t->vmsize_kb);
}
bool f_vmrss(const event_context& c, const field_args&, scratch&, V& out) { T_OR_FAIL return push_u(out, t->vmrss_kb); }
bool f_vmswap(const event_context& c, const field_args&, scratch&, V& out) {
	T_OR_FAIL return push_u(out, t->vmswap_kb);
}
bool f_pfmajor(const event_context& c, const field_args&, scratch&, V& out) { T_OR_FAIL return push_u(out, t->pfmajor); }
bool f_pfminor(const event_context& c, const field_args&, scratch&, V& out) { T_OR_FAIL return push_u(out, t->pfminor); }
bool f_tid(const event_context& c, const field_args&, scratch&, V& out) {
	return push_i(out, static_cast<int64_t>(c.evt->tid));
}
bool f_ismain(const event_context& c, const field_args&, scratch&, V& out) { T_OR_FAIL return push_bool(out, t->is_leader()); }
bool f_vtid(const event_context& c, const field_args&, scratch&, V& out) {
	T_OR_FAIL return t->vtid != -1 && push_i(out, t->vtid);
}
bool f_nametid(const event_context& c, const field_args&, scratch& s, V& out) {
	T_OR_FAIL return push_owned(out, s, t->comm + std::to_string(t->tid));
}
bool f_cgroups(const event_context& c, const field_args&, scratch& s, V& out) {
	T_OR_FAIL std::string text;
	for(const std::string& cg : t->cgroups) {
		if(!text.empty()) text += ' ';
		text += cg;
	}
	return push_owned(out, s, std::move(text));
}
bool f_cgroup(const event_context& c, const field_args& a, scratch&, V& out) {
	T_OR_FAIL for(const std::string& cg : t->cgroups) {
		if(cg.size() > a.text.size() && cg.compare(0, a.text.size(), a.text) == 0 && cg[a.text.size()] == '=') {
			return push_str(out, std::string_view(cg).substr(a.text.size() + 1));
		}
	}
	return false;
}

bool f_nthreads(const event_context& c, const field_args&, scratch&, V& out) {
	T_OR_FAIL uint64_t n = 0;
	const thread_info* leader = c.insp->leader_of(c.thread);
	c.insp->for_each_thread([&](const thread_info& other) {
		if(other.pid == t->pid && !other.dead) n++;
	});
	(void)leader;
	return push_u(out, n);
}
bool f_nchilds(const event_context& c, const field_args&, scratch&, V& out) {
	T_OR_FAIL uint64_t n = 0;
	c.insp->for_each_thread([&](const thread_info& other) {
		if(other.pid == t->pid && other.tid != other.pid && !other.dead) n++;
	});
	return push_u(out, n);
}
bool f_sid_exe(const event_context& c, const field_args&, scratch&, V& out) {
	T_OR_FAIL thread_info* leader = c.insp->find_thread(t->sid);
	return leader != nullptr && push_str(out, leader->exe);
}
bool f_sid_exepath(const event_context& c, const field_args&, scratch&, V& out) {
	T_OR_FAIL thread_info* leader = c.insp->find_thread(t->sid);
	return leader != nullptr && push_str(out, leader->exepath);
}
bool f_vpgid_exepath(const event_context& c, const field_args&, scratch&, V& out) {
	T_OR_FAIL thread_info* leader = c.insp->find_thread(t->vpgid);
	return leader != nullptr && push_str(out, leader->exepath);
}

using FT = field_type;
using AK = arg_kind;
const field_def k_fields[] = {
    {{"proc.exe", FT::CHARBUF, false, AK::none, false, "argv[0]"}, f_exe},
    {{"proc.pexe", FT::CHARBUF, false, AK::none, false, "parent argv[0]"}, f_pexe},
    {{"proc.aexe", FT::CHARBUF, false, AK::index, false, "ancestor argv[0]"}, f_aexe},
    {{"proc.exepath", FT::CHARBUF, false, AK::none, false, "executable path"}, f_exepath},
    {{"proc.pexepath", FT::CHARBUF, false, AK::none, false, "parent executable path"}, f_pexepath},
    {{"proc.aexepath", FT::CHARBUF, false, AK::index, false, "ancestor executable path"}, f_aexepath},
    {{"proc.name", FT::CHARBUF, false, AK::none, false, "comm"}, f_name},
    {{"proc.pname", FT::CHARBUF, false, AK::none, false, "parent comm"}, f_pname},
    {{"proc.aname", FT::CHARBUF, false, AK::index, false, "ancestor comm"}, f_aname},
    {{"proc.args", FT::CHARBUF, false, AK::none, false, "arguments"}, f_args},
    {{"proc.cmdline", FT::CHARBUF, false, AK::none, false, "comm and arguments"}, f_cmdline},
    {{"proc.pcmdline", FT::CHARBUF, false, AK::none, false, "parent command line"}, f_pcmdline},
    {{"proc.acmdline", FT::CHARBUF, false, AK::index, false, "ancestor command line"}, f_acmdline},
    {{"proc.cmdnargs", FT::UINT64, false, AK::none, false, "argument count"}, f_cmdnargs},
    {{"proc.cmdlenargs", FT::UINT64, false, AK::none, false, "argument length"}, f_cmdlenargs},
    {{"proc.exeline", FT::CHARBUF, false, AK::none, false, "exe and arguments"}, f_exeline},
    {{"proc.env", FT::CHARBUF, false, AK::key, false, "environment"}, f_env},
    {{"proc.cwd", FT::CHARBUF, false, AK::none, false, "working directory"}, f_cwd},
    {{"proc.tty", FT::UINT32, false, AK::none, false, "controlling terminal"}, f_tty},
    {{"proc.pid", FT::INT64, false, AK::none, false, "process id"}, f_pid},
    {{"proc.ppid", FT::INT64, false, AK::none, false, "parent process id"}, f_ppid},
    {{"proc.apid", FT::INT64, false, AK::index, false, "ancestor process id"}, f_apid},
    {{"proc.vpid", FT::INT64, false, AK::none, false, "namespace pid"}, f_vpid},
    {{"proc.pvpid", FT::INT64, false, AK::none, false, "parent namespace pid"}, f_pvpid},
    {{"proc.sid", FT::INT64, false, AK::none, false, "session id"}, f_sid},
    {{"proc.sname", FT::CHARBUF, false, AK::none, false, "session leader name"}, f_sname},
    {{"proc.vpgid", FT::INT64, false, AK::none, false, "process group id"}, f_vpgid},
    {{"proc.vpgid.name", FT::CHARBUF, false, AK::none, false, "process group leader name"}, f_vpgid_name},
    {{"proc.nthreads", FT::UINT64, false, AK::none, false, "live threads of the process"}, f_nthreads},
    {{"proc.nchilds", FT::UINT64, false, AK::none, false, "live non-leader threads"}, f_nchilds},
    {{"proc.sid.exe", FT::CHARBUF, false, AK::none, false, "session leader exe"}, f_sid_exe},
    {{"proc.sid.exepath", FT::CHARBUF, false, AK::none, false, "session leader exepath"}, f_sid_exepath},
    {{"proc.vpgid.exepath", FT::CHARBUF, false, AK::none, false, "process group leader exepath"}, f_vpgid_exepath},
    {{"proc.vpgid.exe", FT::CHARBUF, false, AK::none, false, "process group leader exe"}, f_vpgid_exe},
    {{"proc.is_sid_leader", FT::BOOL, false, AK::none, false, "session leader"}, f_is_sid_leader},
    {{"proc.is_vpgid_leader", FT::BOOL, false, AK::none, false, "process group leader"}, f_is_vpgid_leader},
    {{"proc.duration", FT::RELTIME, false, AK::none, false, "process age"}, f_duration},
    {{"proc.ppid.duration", FT::RELTIME, false, AK::none, false, "parent age"}, f_ppid_duration},
    {{"proc.exe_ino.ctime_duration_proc_start", FT::ABSTIME, false, AK::none, false, "exe change to start"}, f_ctime_duration_proc_start},
    {{"proc.pid.ts", FT::RELTIME, false, AK::none, false, "process start"}, f_pid_ts},
    {{"proc.is_exe_writable", FT::BOOL, false, AK::none, false, "writable executable"}, f_is_exe_writable},
    {{"proc.is_exe_upper_layer", FT::BOOL, false, AK::none, false, "overlay upper layer"}, f_is_exe_upper},
    {{"proc.is_exe_from_memfd", FT::BOOL, false, AK::none, false, "memfd executable"}, f_is_exe_memfd},
    {{"proc.exe_ino", FT::INT64, false, AK::none, false, "executable inode"}, f_exe_ino},
    {{"proc.exe_ino.ctime", FT::ABSTIME, false, AK::none, false, "executable ctime"}, f_exe_ino_ctime},
    {{"proc.exe_ino.mtime", FT::ABSTIME, false, AK::none, false, "executable mtime"}, f_exe_ino_mtime},
    {{"proc.pidns_init_start_ts", FT::UINT64, false, AK::none, false, "pid namespace start"}, f_pidns_ts},
    {{"thread.cap_permitted", FT::CHARBUF, false, AK::none, false, "permitted caps"}, f_cap_permitted},
    {{"thread.cap_inheritable", FT::CHARBUF, false, AK::none, false, "inheritable caps"}, f_cap_inheritable},
    {{"thread.cap_effective", FT::CHARBUF, false, AK::none, false, "effective caps"}, f_cap_effective},
    {{"proc.fdopencount", FT::UINT64, false, AK::none, false, "open fds"}, f_fdopencount},
    {{"proc.fdlimit", FT::INT64, false, AK::none, false, "fd limit"}, f_fdlimit},
    {{"proc.vmsize", FT::UINT64, false, AK::none, false, "virtual memory kB"}, f_vmsize},
    {{"proc.vmrss", FT::UINT64, false, AK::none, false, "resident memory kB"}, f_vmrss},
    {{"proc.vmswap", FT::UINT64, false, AK::none, false, "swapped memory kB"}, f_vmswap},
    {{"thread.pfmajor", FT::UINT64, false, AK::none, false, "major page faults"}, f_pfmajor},
    {{"thread.pfminor", FT::UINT64, false, AK::none, false, "minor page faults"}, f_pfminor},
    {{"thread.tid", FT::INT64, false, AK::none, false, "thread id"}, f_tid},
    {{"thread.ismain", FT::BOOL, false, AK::none, false, "main thread"}, f_ismain},
    {{"thread.vtid", FT::INT64, false, AK::none, false, "namespace thread id"}, f_vtid},
    {{"thread.nametid", FT::CHARBUF, false, AK::none, false, "comm and tid"}, f_nametid},
    {{"thread.cgroups", FT::CHARBUF, false, AK::none, false, "cgroups"}, f_cgroups},
    {{"thread.cgroup", FT::CHARBUF, false, AK::key, true, "one cgroup"}, f_cgroup},
};

}  // namespace

field_class proc_field_class() {
	return {k_fields, sizeof(k_fields) / sizeof(k_fields[0])};
}

}  // namespace studio::fields
