// One thread and its process-level data (comm, exe, args, cwd, fd table) as libsinsp 0.29.3
// keeps them. Non-leader threads share their leader's fd table and cwd: use
// inspector::fd_table_of / cwd_of rather than the fields directly. Plain data only.
#pragma once

#include <cstdint>
#include <string>
#include <unordered_map>
#include <vector>

#include "state/fd_info.h"

namespace studio::state {

/** PPM_CL_* clone flags that state handling looks at. */
enum clone_flag : uint32_t {
	PPM_CL_CLONE_FILES = 1u << 0,
	PPM_CL_CLONE_FS = 1u << 1,
	PPM_CL_CLONE_NEWPID = 1u << 6,
	PPM_CL_CLONE_PARENT = 1u << 8,
	PPM_CL_CLONE_THREAD = 1u << 13,
	PPM_CL_CLONE_VFORK = 1u << 27,
	PPM_CL_CHILD_IN_PIDNS = 1u << 29,
};

using fd_table = std::unordered_map<int64_t, fd_info>;

struct thread_info {
	int64_t tid = 0;
	int64_t pid = 0;
	int64_t ptid = -1;
	int64_t sid = -1;
	int64_t vpgid = -1;
	int64_t pgid = -1;
	int64_t vtid = -1;
	int64_t vpid = -1;
	std::string comm;
	std::string exe;
	std::string exepath;
	std::vector<std::string> args;
	std::vector<std::string> env;
	/** "subsys=path" strings. */
	std::vector<std::string> cgroups;
	/** Leader only: the working directory, always ending with '/'. */
	std::string cwd;
	std::string root;
	/** The 12-hex-char container id from the cgroups, or "host". */
	std::string container_id = "host";
	uint64_t fdlimit = 0;
	uint32_t flags = 0;
	uint32_t uid = 0xFFFFFFFFu;
	uint32_t gid = 0xFFFFFFFFu;
	uint32_t loginuid = 0xFFFFFFFFu;
	uint32_t tty = 0;
	uint32_t vmsize_kb = 0;
	uint32_t vmrss_kb = 0;
	uint32_t vmswap_kb = 0;
	uint64_t pfmajor = 0;
	uint64_t pfminor = 0;
	uint64_t cap_inheritable = 0;
	uint64_t cap_permitted = 0;
	uint64_t cap_effective = 0;
	uint64_t clone_ts = 0;
	uint64_t lastexec_ts = 0;
	uint64_t pidns_init_start_ts = 0;
	bool exe_writable = false;
	bool exe_upper_layer = false;
	bool exe_lower_layer = false;
	bool exe_from_memfd = false;
	uint64_t exe_ino = 0;
	uint64_t exe_ino_ctime = 0;
	uint64_t exe_ino_mtime = 0;
	/** Made up because an event named an unknown tid (comm "<NA>"). */
	bool placeholder = false;
	/** procexit seen; removed after the current event. */
	bool dead = false;

	/** Leader only: the fds. */
	fd_table fds;

	/** Legacy enter/exit pairing: the last event type, its fd, and a copy of stored enters. */
	uint16_t lastevent_type = 0xFFFF;
	bool has_lastevent = false;
	int64_t lastevent_fd = -1;
	uint64_t lastevent_ts = 0;
	std::vector<uint8_t> lastevent_data;
	/**
	 * Parameter offsets/lengths into lastevent_data (offset, len pairs); the first
	 * lastevent_nparams pairs count (the vector only grows, so storing allocates rarely).
	 */
	std::vector<uint32_t> lastevent_params;
	uint32_t lastevent_nparams = 0;

	bool is_leader() const { return tid == pid; }
};

}  // namespace studio::state
