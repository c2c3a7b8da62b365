// Syscall → scap event translation (see syscall_events.h). Parameter order and types follow
// data/event-schema.json for each id written here; keep them in step when the table changes.
#include "capture/syscall_events.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <sys/wait.h>

#include <cstdlib>
#include <cstring>
#include <sstream>

#include "capture/proc_info.h"
#include "capture/tracee_memory.h"
#include "capture/x86_64_syscalls.h"
#include "schema/event_table.h"

namespace studio::capture {

namespace {

// Event ids (enter; the exit is id + 1).
enum : uint16_t {
	GENERIC_E = 0,
	OPEN_E = 2,
	CLOSE_E = 4,
	READ_E = 6,
	WRITE_E = 8,
	SOCKET_E = 18,
	BIND_E = 20,
	CONNECT_E = 22,
	LISTEN_E = 24,
	CREAT_E = 58,
	PIPE_E = 60,
	CHDIR_E = 94,
	FCHDIR_E = 96,
	DUP_E = 124,
	RENAME_E = 174,
	RENAMEAT_E = 176,
	PROCEXIT_1_E = 186,
	SETUID_E = 198,
	CLONE_20_E = 222,
	FORK_20_E = 224,
	VFORK_20_E = 226,
	ACCEPT_5_E = 246,
	MKDIR_2_E = 276,
	EXECVE_19_E = 292,
	UNLINK_2_E = 300,
	UNLINKAT_2_E = 302,
	MKDIRAT_E = 304,
	OPENAT_2_E = 306,
	OPENAT2_E = 326,
};

// sysdig 0.29.3 knows ppm syscall codes below 330 and crashes on higher ones (probed with
// one generic event per code), so newer syscalls are written as code 0 ("unknown"); their
// native number stays in the nativeID param.
constexpr uint16_t ORACLE_SYSCALL_CODES = 330;

uint32_t ppm_clone_flags(uint64_t flags) {
	static const uint64_t map[][2] = {
	    {0x400, 1},           {0x200, 2},          {0x80000000, 4},    {0x08000000, 8},
	    {0x40000000, 16},     {0x20000, 32},       {0x20000000, 64},   {0x04000000, 128},
	    {0x8000, 256},        {0x100000, 512},     {0x2000, 1024},     {0x800, 2048},
	    {0x40000, 4096},      {0x10000, 8192},     {0x800000, 16384},  {0x100, 32768},
	    {0x10000000, 1048576}, {0x200000, 8388608}, {0x01000000, 16777216}, {0x80000, 33554432},
	    {0x4000, 134217728},  {0x02000000, 268435456},
	};
	uint32_t ppm = 0;
	for (const auto& pair : map) {
		if (flags & pair[0]) ppm |= static_cast<uint32_t>(pair[1]);
	}
	return ppm;
}

uint32_t ppm_resolve_flags(uint64_t resolve) {
	uint32_t ppm = 0;
	if (resolve & 0x01) ppm |= 16;  // RESOLVE_NO_XDEV
	if (resolve & 0x02) ppm |= 4;   // RESOLVE_NO_MAGICLINKS
	if (resolve & 0x04) ppm |= 8;   // RESOLVE_NO_SYMLINKS
	if (resolve & 0x08) ppm |= 1;   // RESOLVE_BENEATH
	if (resolve & 0x10) ppm |= 2;   // RESOLVE_IN_ROOT
	if (resolve & 0x20) ppm |= 32;  // RESOLVE_CACHED
	return ppm;
}

int64_t as_fd(uint64_t arg) {
	return static_cast<int32_t>(static_cast<uint32_t>(arg));
}

// The clone flags a syscall asked for (clone3 keeps them in struct clone_args).
uint64_t requested_clone_flags(pid_t tid, const syscall_call& call) {
	switch (call.nr) {
	case SYS_clone: return call.args[0];
	case SYS_vfork: return 0x4000 | 0x100;  // CLONE_VFORK | CLONE_VM
	case SYS_clone3: {
		std::string raw = read_memory(tid, call.args[0], 8);
		uint64_t flags = 0;
		if (raw.size() == 8) std::memcpy(&flags, raw.data(), 8);
		return flags;
	}
	default: return 0;
	}
}

uint16_t clone_event_for(int64_t nr) {
	switch (nr) {
	case SYS_fork: return FORK_20_E;
	case SYS_vfork: return VFORK_20_E;
	default: return CLONE_20_E;
	}
}

std::string status_value(const std::string& status, const char* key) {
	std::istringstream lines(status);
	std::string line;
	size_t key_len = std::strlen(key);
	while (std::getline(lines, line)) {
		if (line.compare(0, key_len, key) == 0 && line.size() > key_len && line[key_len] == ':') {
			return line.substr(key_len + 1);
		}
	}
	return std::string();
}

}  // namespace

syscall_events::syscall_events(scap_writer& writer, uint32_t snaplen) : m_writer(writer), m_snaplen(snaplen) {
	// Native number → ppm syscall code, matched by name.
	m_ppm_codes.assign(X86_64_SYSCALL_COUNT, 0);
	for (uint32_t nr = 0; nr < X86_64_SYSCALL_COUNT; nr++) {
		const char* name = g_x86_64_syscalls[nr];
		if (name == nullptr) continue;
		for (uint16_t code = 1; code < schema::SYSCALL_COUNT; code++) {
			if (std::strcmp(schema::g_syscall_names[code], name) == 0) {
				m_ppm_codes[nr] = code < ORACLE_SYSCALL_CODES ? code : 0;
				break;
			}
		}
	}
}

void syscall_events::write_generic(pid_t tid, const syscall_call& call, bool enter, uint64_t ts) {
	uint16_t code = call.nr >= 0 && static_cast<uint64_t>(call.nr) < m_ppm_codes.size() ? m_ppm_codes[call.nr] : 0;
	event_builder event(enter ? GENERIC_E : GENERIC_E + 1, ts, static_cast<uint64_t>(tid));
	event.u16(code).u16(static_cast<uint16_t>(call.nr));
	write(event);
}

std::string syscall_events::data_prefix(pid_t tid, uint64_t addr, int64_t available) {
	if (available <= 0) return std::string();
	size_t len = static_cast<size_t>(available) < m_snaplen ? static_cast<size_t>(available) : m_snaplen;
	return read_memory(tid, addr, len);
}

void syscall_events::on_enter(pid_t tid, pid_t /*pid*/, syscall_call& call, uint64_t ts) {
	const uint64_t* a = call.args;
	auto utid = static_cast<uint64_t>(tid);
	switch (call.nr) {
	case SYS_open:
		write(event_builder(OPEN_E, ts, utid).str(read_string(tid, a[0])).u32(ppm_open_flags(static_cast<int>(a[1]))).u32(static_cast<uint32_t>(a[2])));
		return;
	case SYS_openat:
		write(event_builder(OPENAT_2_E, ts, utid).i64(as_fd(a[0])).str(read_string(tid, a[1])).u32(ppm_open_flags(static_cast<int>(a[2]))).u32(static_cast<uint32_t>(a[3])));
		return;
	case SYS_openat2: {
		std::string how = read_memory(tid, a[2], 24);
		uint64_t fields[3] = {0, 0, 0};
		if (how.size() == 24) std::memcpy(fields, how.data(), 24);
		write(event_builder(OPENAT2_E, ts, utid).i64(as_fd(a[0])).str(read_string(tid, a[1])).u32(ppm_open_flags(static_cast<int>(fields[0]))).u32(static_cast<uint32_t>(fields[1])).u32(ppm_resolve_flags(fields[2])));
		return;
	}
	case SYS_creat:
		write(event_builder(CREAT_E, ts, utid).str(read_string(tid, a[0])).u32(static_cast<uint32_t>(a[1])));
		return;
	case SYS_close: write(event_builder(CLOSE_E, ts, utid).i64(as_fd(a[0]))); return;
	case SYS_read: write(event_builder(READ_E, ts, utid).i64(as_fd(a[0])).u32(static_cast<uint32_t>(a[2]))); return;
	case SYS_write: write(event_builder(WRITE_E, ts, utid).i64(as_fd(a[0])).u32(static_cast<uint32_t>(a[2]))); return;
	case SYS_socket:
		write(event_builder(SOCKET_E, ts, utid).u32(static_cast<uint32_t>(a[0])).u32(static_cast<uint32_t>(a[1])).u32(static_cast<uint32_t>(a[2])));
		return;
	case SYS_bind: write(event_builder(BIND_E, ts, utid).i64(as_fd(a[0]))); return;
	case SYS_connect:
		write(event_builder(CONNECT_E, ts, utid).i64(as_fd(a[0])).bytes(encode_sockaddr(read_memory(tid, a[1], static_cast<uint32_t>(a[2])))));
		return;
	case SYS_listen: write(event_builder(LISTEN_E, ts, utid).i64(as_fd(a[0])).u32(static_cast<uint32_t>(a[1]))); return;
	case SYS_accept:
	case SYS_accept4: write(event_builder(ACCEPT_5_E, ts, utid)); return;
	case SYS_pipe:
	case SYS_pipe2: write(event_builder(PIPE_E, ts, utid)); return;
	case SYS_chdir: write(event_builder(CHDIR_E, ts, utid)); return;
	case SYS_fchdir: write(event_builder(FCHDIR_E, ts, utid).i64(as_fd(a[0]))); return;
	// dup2 and dup3 use the old `dup` pair, as drivers before the split did: the enter's fd is
	// the old fd and the exit's res the new one, which both readers apply.
	case SYS_dup:
	case SYS_dup2:
	case SYS_dup3: write(event_builder(DUP_E, ts, utid).i64(as_fd(a[0]))); return;
	case SYS_rename: write(event_builder(RENAME_E, ts, utid)); return;
	case SYS_renameat: write(event_builder(RENAMEAT_E, ts, utid)); return;
	case SYS_setuid: write(event_builder(SETUID_E, ts, utid).u32(static_cast<uint32_t>(a[0]))); return;
	case SYS_clone:
	case SYS_clone3:
	case SYS_fork:
	case SYS_vfork: write(event_builder(clone_event_for(call.nr), ts, utid)); return;
	case SYS_mkdir: write(event_builder(MKDIR_2_E, ts, utid).u32(static_cast<uint32_t>(a[1]))); return;
	case SYS_execve:
		call.filename = read_string(tid, a[0]);
		write(event_builder(EXECVE_19_E, ts, utid).str(call.filename));
		return;
	case SYS_unlink: write(event_builder(UNLINK_2_E, ts, utid)); return;
	case SYS_unlinkat: write(event_builder(UNLINKAT_2_E, ts, utid)); return;
	case SYS_mkdirat: write(event_builder(MKDIRAT_E, ts, utid)); return;
	default:
		if (!io_enter(tid, call, ts)) write_generic(tid, call, true, ts);
		return;
	}
}

void syscall_events::on_exit(pid_t tid, pid_t pid, const syscall_call& call, int64_t ret, uint64_t ts) {
	const uint64_t* a = call.args;
	auto utid = static_cast<uint64_t>(tid);
	uint32_t dev = 0;
	uint64_t ino = 0;
	if (ret >= 0 && (call.nr == SYS_open || call.nr == SYS_openat || call.nr == SYS_openat2 || call.nr == SYS_creat)) {
		fd_dev_ino(pid, ret, dev, ino);
	}
	switch (call.nr) {
	case SYS_open:
		write(event_builder(OPEN_E + 1, ts, utid).i64(ret).str(read_string(tid, a[0])).u32(ppm_open_flags(static_cast<int>(a[1]))).u32(static_cast<uint32_t>(a[2])).u32(dev).u64(ino));
		return;
	case SYS_openat:
		write(event_builder(OPENAT_2_E + 1, ts, utid).i64(ret).i64(as_fd(a[0])).str(read_string(tid, a[1])).u32(ppm_open_flags(static_cast<int>(a[2]))).u32(static_cast<uint32_t>(a[3])).u32(dev).u64(ino));
		return;
	case SYS_openat2: {
		std::string how = read_memory(tid, a[2], 24);
		uint64_t fields[3] = {0, 0, 0};
		if (how.size() == 24) std::memcpy(fields, how.data(), 24);
		write(event_builder(OPENAT2_E + 1, ts, utid).i64(ret).i64(as_fd(a[0])).str(read_string(tid, a[1])).u32(ppm_open_flags(static_cast<int>(fields[0]))).u32(static_cast<uint32_t>(fields[1])).u32(ppm_resolve_flags(fields[2])).u32(dev).u64(ino));
		return;
	}
	case SYS_creat:
		write(event_builder(CREAT_E + 1, ts, utid).i64(ret).str(read_string(tid, a[0])).u32(static_cast<uint32_t>(a[1])).u32(dev).u64(ino).u16(0));
		return;
	case SYS_close: write(event_builder(CLOSE_E + 1, ts, utid).i64(ret).i64(as_fd(a[0]))); return;
	case SYS_read:
		write(event_builder(READ_E + 1, ts, utid).i64(ret).bytes(data_prefix(tid, a[1], ret)).i64(as_fd(a[0])).u32(static_cast<uint32_t>(a[2])));
		return;
	case SYS_write:
		write(event_builder(WRITE_E + 1, ts, utid).i64(ret).bytes(data_prefix(tid, a[1], ret)).i64(as_fd(a[0])).u32(static_cast<uint32_t>(a[2])));
		return;
	case SYS_socket:
		write(event_builder(SOCKET_E + 1, ts, utid).i64(ret).u32(static_cast<uint32_t>(a[0])).u32(static_cast<uint32_t>(a[1])).u32(static_cast<uint32_t>(a[2])).u32(0));
		return;
	case SYS_bind:
		write(event_builder(BIND_E + 1, ts, utid).i64(ret).bytes(encode_sockaddr(read_memory(tid, a[1], static_cast<uint32_t>(a[2])))).i64(as_fd(a[0])));
		return;
	case SYS_connect: {
		// EINPROGRESS (non-blocking connect) still has a local end to report.
		std::string tuple = ret == 0 || ret == -115 ? socket_tuple(pid, as_fd(a[0]), true) : std::string();
		write(event_builder(CONNECT_E + 1, ts, utid).i64(ret).bytes(tuple).i64(as_fd(a[0])).bytes(encode_sockaddr(read_memory(tid, a[1], static_cast<uint32_t>(a[2])))));
		return;
	}
	case SYS_listen: write(event_builder(LISTEN_E + 1, ts, utid).i64(ret).i64(as_fd(a[0])).u32(static_cast<uint32_t>(a[1]))); return;
	case SYS_accept:
	case SYS_accept4: {
		std::string tuple = ret >= 0 ? socket_tuple(pid, ret, false) : std::string();
		write(event_builder(ACCEPT_5_E + 1, ts, utid).i64(ret).bytes(tuple).u8(0).u32(0).u32(0));
		return;
	}
	case SYS_pipe:
	case SYS_pipe2: {
		std::string fds = ret == 0 ? read_memory(tid, a[0], 8) : std::string();
		int32_t pair[2] = {-1, -1};
		if (fds.size() == 8) std::memcpy(pair, fds.data(), 8);
		if (ret == 0) fd_dev_ino(pid, pair[0], dev, ino);
		write(event_builder(PIPE_E + 1, ts, utid).i64(ret).i64(pair[0]).i64(pair[1]).u64(ino));
		return;
	}
	case SYS_chdir: write(event_builder(CHDIR_E + 1, ts, utid).i64(ret).str(read_string(tid, a[0]))); return;
	case SYS_fchdir: write(event_builder(FCHDIR_E + 1, ts, utid).i64(ret).i64(as_fd(a[0]))); return;
	case SYS_dup:
	case SYS_dup2:
	case SYS_dup3: write(event_builder(DUP_E + 1, ts, utid).i64(ret)); return;
	case SYS_rename:
		write(event_builder(RENAME_E + 1, ts, utid).i64(ret).str(read_string(tid, a[0])).str(read_string(tid, a[1])));
		return;
	case SYS_renameat:
		write(event_builder(RENAMEAT_E + 1, ts, utid).i64(ret).i64(as_fd(a[0])).str(read_string(tid, a[1])).i64(as_fd(a[2])).str(read_string(tid, a[3])));
		return;
	case SYS_setuid: write(event_builder(SETUID_E + 1, ts, utid).i64(ret).u32(static_cast<uint32_t>(a[0]))); return;
	case SYS_clone:
	case SYS_clone3:
	case SYS_fork:
	case SYS_vfork: {
		event_builder event(clone_event_for(call.nr) + 1, ts, utid);
		write_process_exit_params(event, tid, pid, ret, false, ppm_clone_flags(requested_clone_flags(tid, call)));
		write(event);
		return;
	}
	case SYS_mkdir:
		write(event_builder(MKDIR_2_E + 1, ts, utid).i64(ret).str(read_string(tid, a[0])).u32(static_cast<uint32_t>(a[1])));
		return;
	case SYS_execve: {
		event_builder event(EXECVE_19_E + 1, ts, utid);
		write_process_exit_params(event, tid, pid, ret, true, 0);
		event.str(call.filename);
		write(event);
		return;
	}
	case SYS_unlink: write(event_builder(UNLINK_2_E + 1, ts, utid).i64(ret).str(read_string(tid, a[0]))); return;
	case SYS_unlinkat:
		write(event_builder(UNLINKAT_2_E + 1, ts, utid).i64(ret).i64(as_fd(a[0])).str(read_string(tid, a[1])).u32((a[2] & AT_REMOVEDIR) ? 512 : 0));
		return;
	case SYS_mkdirat:
		write(event_builder(MKDIRAT_E + 1, ts, utid).i64(ret).i64(as_fd(a[0])).str(read_string(tid, a[1])).u32(static_cast<uint32_t>(a[2])));
		return;
	default:
		if (!io_exit(tid, pid, call, ret, ts)) write_generic(tid, call, false, ts);
		return;
	}
}

void syscall_events::on_new_thread(pid_t tid, pid_t pid, int64_t parent_nr, uint64_t ts) {
	event_builder event(clone_event_for(parent_nr) + 1, ts, static_cast<uint64_t>(tid));
	uint32_t flags = parent_nr == SYS_vfork ? ppm_clone_flags(0x4000 | 0x100) : 0;
	if (tid != pid) flags |= 8192 | 1;  // CLONE_THREAD | CLONE_FILES: a new thread.
	write_process_exit_params(event, tid, pid, 0, false, flags);
	write(event);
}

void syscall_events::on_thread_exit(pid_t tid, int status, uint64_t ts) {
	event_builder event(PROCEXIT_1_E, ts, static_cast<uint64_t>(tid));
	int64_t ret = WIFEXITED(status) ? WEXITSTATUS(status) : 0;
	uint8_t sig = WIFSIGNALED(status) ? static_cast<uint8_t>(WTERMSIG(status)) : 0;
	uint8_t core = WIFSIGNALED(status) && WCOREDUMP(status) ? 1 : 0;
	event.i64(status).i64(ret).u8(sig).u8(core).i64(0);
	write(event);
}

void syscall_events::write_process_exit_params(event_builder& event, pid_t tid, pid_t pid, int64_t res, bool execve,
                                               uint32_t clone_flags) {
	// Steps: the common prefix of clone and execve exits (res … vm_swap), then the tails,
	// which differ: clone has comm, cgroups, flags, uid, gid, vtid, vpid, pidns_init_start_ts;
	// execve has comm, cgroups, env, tty, vpgid, loginuid, flags, caps, exe_ino…, uid,
	// trusted_exepath, pgid, gid (its filename is added by the caller).
	thread_entry info;
	read_thread_entry(pid, tid, info);
	std::string task = "/proc/" + std::to_string(pid) + "/task/" + std::to_string(tid);
	event.i64(res).str(info.exe).bytes(info.args).i64(tid).i64(pid).i64(static_cast<int64_t>(info.ptid));
	event.str(info.cwd).u64(info.fdlimit).u64(info.pfmajor).u64(info.pfminor);
	event.u32(info.vmsize_kb).u32(info.vmrss_kb).u32(info.vmswap_kb);
	event.str(info.comm).bytes(info.cgroups);
	if (!execve) {
		event.u32(clone_flags).u32(info.uid).u32(info.gid).i64(info.vtid).i64(info.vpid).u64(0);
		return;
	}
	std::string stat = read_text_file(task + "/stat");
	size_t close = stat.rfind(')');
	std::istringstream fields(close == std::string::npos ? std::string() : stat.substr(close + 2));
	std::string state, ppid, pgrp, session, tty;
	fields >> state >> ppid >> pgrp >> session >> tty;
	std::string status = read_text_file(task + "/status");
	struct stat exe_info {};
	bool have_exe = ::stat(("/proc/" + std::to_string(pid) + "/exe").c_str(), &exe_info) == 0;
	event.bytes(info.env).u32(static_cast<uint32_t>(std::strtoul(tty.c_str(), nullptr, 10)));
	event.i64(static_cast<int64_t>(info.vpgid)).u32(info.loginuid).u32(0);
	event.u64(std::strtoull(status_value(status, "CapInh").c_str(), nullptr, 16));
	event.u64(std::strtoull(status_value(status, "CapPrm").c_str(), nullptr, 16));
	event.u64(std::strtoull(status_value(status, "CapEff").c_str(), nullptr, 16));
	event.u64(have_exe ? exe_info.st_ino : 0);
	event.u64(have_exe ? static_cast<uint64_t>(exe_info.st_ctim.tv_sec) * 1000000000ull + exe_info.st_ctim.tv_nsec : 0);
	event.u64(have_exe ? static_cast<uint64_t>(exe_info.st_mtim.tv_sec) * 1000000000ull + exe_info.st_mtim.tv_nsec : 0);
	event.u32(info.uid).str(info.exepath).i64(std::strtoll(pgrp.c_str(), nullptr, 10)).u32(info.gid);
}

}  // namespace studio::capture
