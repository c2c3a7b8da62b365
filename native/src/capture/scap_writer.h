// Writes `.scap` files that our reader, current libscap and sysdig 0.29.3 all read: a 28-byte
// section header with no options, machine info, a user list (UL_V2), a process list (PL_V9
// entries ending after loginuid and exe_writable), an interface list (IL_V2), one fd list (FDL_V2) per thread with fds,
// then EV_V2 event blocks (scap-format.md §8). The writer only encodes: it does not decide
// which events exist or check them against the event table; `event_builder` makes one event.
// It writes plain (not gzip) output, like `sysdig -w` without -z.
#pragma once

#include <cstdint>
#include <cstdio>
#include <string>
#include <vector>

namespace studio::capture {

/** One parameter list under construction, encoded as the event header v2 expects. */
class event_builder {
public:
	event_builder(uint16_t type, uint64_t ts, uint64_t tid);

	event_builder& u8(uint8_t value);
	event_builder& u16(uint16_t value);
	event_builder& u32(uint32_t value);
	event_builder& u64(uint64_t value);
	event_builder& i64(int64_t value) { return u64(static_cast<uint64_t>(value)); }
	/** A NUL-terminated string (CHARBUF, FSPATH, FSRELPATH): the length includes the NUL. */
	event_builder& str(const std::string& value);
	/** Raw bytes (BYTEBUF, SOCKADDR, SOCKTUPLE); an empty value is an absent param. */
	event_builder& bytes(const std::string& value);
	/** An absent parameter (length 0). */
	event_builder& empty();

	uint16_t type() const { return m_type; }
	uint64_t ts() const { return m_ts; }
	uint64_t tid() const { return m_tid; }
	/** The encoded event: header, u16 length array, values. */
	std::string encode() const;

private:
	uint16_t m_type;
	uint64_t m_ts;
	uint64_t m_tid;
	std::vector<uint16_t> m_lengths;
	std::string m_values;
};

/** Machine info block values. */
struct machine_info {
	uint32_t num_cpus = 0;
	uint64_t memory_bytes = 0;
	uint64_t max_pid = 0;
	std::string hostname;
	uint64_t boot_ts_epoch = 0;
};

/** One PL_V9 thread entry. Strings with several values (args, env, cgroups) are NUL-separated. */
struct thread_entry {
	uint64_t tid = 0, pid = 0, ptid = 0, sid = 0, vpgid = 0;
	std::string comm, exe, exepath, args, cwd;
	uint64_t fdlimit = 0;
	uint32_t flags = 0, uid = 0, gid = 0;
	uint32_t vmsize_kb = 0, vmrss_kb = 0, vmswap_kb = 0;
	uint64_t pfmajor = 0, pfminor = 0;
	std::string env;
	int64_t vtid = -1, vpid = -1;
	std::string cgroups, root = "/";
	uint32_t loginuid = 0xFFFFFFFF;
};

/** One FDL_V2 entry. `payload` is the type-specific part, already encoded (see fd_payload). */
struct fd_entry {
	int64_t fd = 0;
	uint64_t ino = 0;
	uint8_t type = 0;
	std::string payload;
};

/** One IPv4 or IPv6 address of the IL_V2 block (addresses in network byte order). */
struct interface_entry {
	bool ipv6 = false;
	std::string name;
	uint8_t addr[16] = {};
	uint8_t netmask[16] = {};
	uint8_t bcast[16] = {};
};

/** One user (is_group false) or group of the UL_V2 block. */
struct user_entry {
	bool is_group = false;
	uint32_t id = 0, gid = 0;
	std::string name, homedir, shell;
};

/** Appends little-endian integers and lstr values to a byte string. */
void put_u8(std::string& out, uint8_t value);
void put_u16(std::string& out, uint16_t value);
void put_u32(std::string& out, uint32_t value);
void put_u64(std::string& out, uint64_t value);
void put_lstr(std::string& out, const std::string& value);

/** Writes one capture file block by block. Every write reports failure through ok()/error(). */
class scap_writer {
public:
	scap_writer() = default;
	~scap_writer();
	scap_writer(const scap_writer&) = delete;
	scap_writer& operator=(const scap_writer&) = delete;

	/** Creates (truncates) the file; false with error() set when it cannot. */
	bool open(const std::string& path);
	void write_section_header();
	void write_machine_info(const machine_info& info);
	void write_interfaces(const std::vector<interface_entry>& interfaces);
	void write_users(const std::vector<user_entry>& users);
	void write_threads(const std::vector<thread_entry>& threads);
	void write_fds(uint64_t tid, const std::vector<fd_entry>& fds);
	void write_event(const event_builder& event, uint16_t cpuid = 0);
	/** Flushes, fsyncs and closes; false with error() set on any earlier or final failure. */
	bool close();

	bool ok() const { return m_error.empty(); }
	const std::string& error() const { return m_error; }
	uint64_t events_written() const { return m_events; }

private:
	void write_block(uint32_t type, const std::string& body);

	std::FILE* m_file = nullptr;
	std::string m_path;
	std::string m_error;
	uint64_t m_events = 0;
};

}  // namespace studio::capture
