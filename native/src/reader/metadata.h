// Records decoded from the header-phase blocks of a capture (machine info, process list, fd
// list, interface list, user list), and the sink interface the reader hands them to. The
// reader fills these records and forgets them; state/ keeps what it needs. No state logic here.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

namespace studio::reader {

/** Machine info block. */
struct machine_info {
	uint32_t num_cpus = 0;
	uint64_t memory_size_bytes = 0;
	uint64_t max_pid = 0;
	std::string hostname;
	uint64_t boot_ts_epoch = 0;
};

/** One process-list entry (one thread), every PL version folded into one shape. */
struct thread_record {
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
	/** argv[1..], NUL-separated as stored. */
	std::string args;
	std::string cwd;
	uint64_t fdlimit = 0;
	uint32_t flags = 0;
	uint32_t uid = 0;
	uint32_t gid = 0;
	uint32_t vmsize_kb = 0;
	uint32_t vmrss_kb = 0;
	uint32_t vmswap_kb = 0;
	uint64_t pfmajor = 0;
	uint64_t pfminor = 0;
	/** NUL-separated K=V strings. */
	std::string env;
	/** NUL-separated subsys=path strings. */
	std::string cgroups;
	std::string root;
	uint64_t pidns_init_start_ts = 0;
	uint32_t tty = 0;
	uint32_t loginuid = 0xFFFFFFFFu;
	bool exe_writable = false;
	uint64_t cap_inheritable = 0;
	uint64_t cap_permitted = 0;
	uint64_t cap_effective = 0;
	bool exe_upper_layer = false;
	bool exe_from_memfd = false;
	bool exe_lower_layer = false;
	uint64_t exe_ino = 0;
	uint64_t exe_ino_ctime = 0;
	uint64_t exe_ino_mtime = 0;
};

/** scap fd types (the values stored in fd lists). */
enum scap_fd_type : uint8_t {
	SCAP_FD_UNKNOWN = 0,
	SCAP_FD_FILE = 1,
	SCAP_FD_DIRECTORY = 2,
	SCAP_FD_IPV4_SOCK = 3,
	SCAP_FD_IPV6_SOCK = 4,
	SCAP_FD_IPV4_SERVSOCK = 5,
	SCAP_FD_IPV6_SERVSOCK = 6,
	SCAP_FD_FIFO = 7,
	SCAP_FD_UNIX_SOCK = 8,
	SCAP_FD_EVENT = 9,
	SCAP_FD_UNSUPPORTED = 10,
	SCAP_FD_SIGNALFD = 11,
	SCAP_FD_EVENTPOLL = 12,
	SCAP_FD_INOTIFY = 13,
	SCAP_FD_TIMERFD = 14,
	SCAP_FD_NETLINK = 15,
	SCAP_FD_FILE_V2 = 16,
	SCAP_FD_BPF = 17,
	SCAP_FD_USERFAULTFD = 18,
	SCAP_FD_IOURING = 19,
	SCAP_FD_MEMFD = 20,
	SCAP_FD_PIDFD = 21,
};

/** One fd-list entry. */
struct fd_record {
	int64_t fd = 0;
	uint64_t ino = 0;
	uint8_t type = SCAP_FD_UNKNOWN;
	uint32_t open_flags = 0;
	uint32_t dev = 0;
	/** File/dir/fifo/... name, or the unix socket path. */
	std::string name;
	/** Sockets: raw network-order addresses (4 bytes used for IPv4). */
	uint8_t sip[16] = {};
	uint8_t dip[16] = {};
	uint16_t sport = 0;
	uint16_t dport = 0;
	uint8_t l4proto = 0;
	uint64_t unix_src = 0;
	uint64_t unix_dst = 0;
};

/** One interface address (IL blocks). */
struct interface_record {
	bool ipv6 = false;
	uint8_t addr[16] = {};
	uint8_t netmask[16] = {};
	std::string name;
};

/** One user (UL blocks). */
struct user_record {
	uint32_t uid = 0;
	uint32_t gid = 0;
	std::string name;
	std::string homedir;
	std::string shell;
};

/** One group (UL blocks). */
struct group_record {
	uint32_t gid = 0;
	std::string name;
};

/** Receives header-phase records in file order. Default implementations ignore them. */
class metadata_sink {
public:
	virtual ~metadata_sink() = default;
	/** A new section header was read (the first, or a concatenated capture's). */
	virtual void on_section(uint16_t /*major*/, uint16_t /*minor*/) {}
	virtual void on_machine_info(const machine_info& /*mi*/) {}
	virtual void on_thread(const thread_record& /*t*/) {}
	virtual void on_fd(int64_t /*tid*/, const fd_record& /*fd*/) {}
	virtual void on_interface(const interface_record& /*i*/) {}
	virtual void on_user(const user_record& /*u*/) {}
	virtual void on_group(const group_record& /*g*/) {}
};

}  // namespace studio::reader
