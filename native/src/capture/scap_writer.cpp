// Encoding of the .scap blocks written by scap_writer (layouts in scap-format.md §1, §3, §4).
#include "capture/scap_writer.h"

#include <unistd.h>

#include <cerrno>
#include <cstring>

namespace studio::capture {

namespace {

constexpr uint32_t BLOCK_SHB = 0x0A0D0D0A;
constexpr uint32_t SHB_MAGIC = 0x1A2B3C4D;
constexpr uint32_t BLOCK_MI = 0x201;
constexpr uint32_t BLOCK_PL_V9 = 0x215;
constexpr uint32_t BLOCK_UL_V2 = 0x220;
constexpr uint32_t BLOCK_IL_V2 = 0x219;
constexpr uint32_t BLOCK_FDL_V2 = 0x218;
constexpr uint32_t BLOCK_EV_V2 = 0x216;
constexpr size_t EVENT_HEADER_V2 = 26;

// libscap refuses longer lstr values in metadata blocks (§3.2), so cut them rather than
// write a file it rejects.
std::string clip(const std::string& value, size_t max) {
	return value.size() <= max ? value : value.substr(0, max);
}

}  // namespace

void put_u8(std::string& out, uint8_t value) {
	out.push_back(static_cast<char>(value));
}

void put_u16(std::string& out, uint16_t value) {
	for (int i = 0; i < 2; i++) out.push_back(static_cast<char>((value >> (8 * i)) & 0xFF));
}

void put_u32(std::string& out, uint32_t value) {
	for (int i = 0; i < 4; i++) out.push_back(static_cast<char>((value >> (8 * i)) & 0xFF));
}

void put_u64(std::string& out, uint64_t value) {
	for (int i = 0; i < 8; i++) out.push_back(static_cast<char>((value >> (8 * i)) & 0xFF));
}

void put_lstr(std::string& out, const std::string& value) {
	put_u16(out, static_cast<uint16_t>(value.size()));
	out += value;
}

event_builder::event_builder(uint16_t type, uint64_t ts, uint64_t tid)
    : m_type(type), m_ts(ts), m_tid(tid) {}

event_builder& event_builder::u8(uint8_t value) {
	m_lengths.push_back(1);
	put_u8(m_values, value);
	return *this;
}

event_builder& event_builder::u16(uint16_t value) {
	m_lengths.push_back(2);
	put_u16(m_values, value);
	return *this;
}

event_builder& event_builder::u32(uint32_t value) {
	m_lengths.push_back(4);
	put_u32(m_values, value);
	return *this;
}

event_builder& event_builder::u64(uint64_t value) {
	m_lengths.push_back(8);
	put_u64(m_values, value);
	return *this;
}

event_builder& event_builder::str(const std::string& value) {
	// A u16 length holds at most 65535 bytes; event blocks must also stay under 64 KiB.
	std::string text = clip(value, 4095);
	m_lengths.push_back(static_cast<uint16_t>(text.size() + 1));
	m_values += text;
	m_values.push_back('\0');
	return *this;
}

event_builder& event_builder::bytes(const std::string& value) {
	std::string data = clip(value, 16384);
	m_lengths.push_back(static_cast<uint16_t>(data.size()));
	m_values += data;
	return *this;
}

event_builder& event_builder::empty() {
	m_lengths.push_back(0);
	return *this;
}

std::string event_builder::encode() const {
	std::string out;
	size_t len = EVENT_HEADER_V2 + 2 * m_lengths.size() + m_values.size();
	out.reserve(len);
	put_u64(out, m_ts);
	put_u64(out, m_tid);
	put_u32(out, static_cast<uint32_t>(len));
	put_u16(out, m_type);
	put_u32(out, static_cast<uint32_t>(m_lengths.size()));
	for (uint16_t length : m_lengths) put_u16(out, length);
	out += m_values;
	return out;
}

scap_writer::~scap_writer() {
	if (m_file != nullptr) std::fclose(m_file);
}

bool scap_writer::open(const std::string& path) {
	m_path = path;
	m_file = std::fopen(path.c_str(), "wbx");
	if (m_file == nullptr) {
		m_error = "cannot create '" + path + "': " + std::strerror(errno);
		return false;
	}
	return true;
}

void scap_writer::write_block(uint32_t type, const std::string& body) {
	if (!ok() || m_file == nullptr) return;
	uint32_t total = static_cast<uint32_t>(12 + body.size());
	uint32_t padded = (total + 3) & ~3u;
	std::string block;
	block.reserve(padded);
	put_u32(block, type);
	put_u32(block, padded);
	block += body;
	block.append(padded - total, '\0');
	put_u32(block, padded);
	if (std::fwrite(block.data(), 1, block.size(), m_file) != block.size()) {
		m_error = "cannot write '" + m_path + "': " + std::strerror(errno);
	}
}

void scap_writer::write_section_header() {
	std::string body;
	put_u32(body, SHB_MAGIC);
	put_u16(body, 1);
	put_u16(body, 2);
	put_u64(body, ~0ull);
	write_block(BLOCK_SHB, body);
}

void scap_writer::write_machine_info(const machine_info& info) {
	std::string body;
	put_u32(body, info.num_cpus);
	put_u64(body, info.memory_bytes);
	put_u64(body, info.max_pid);
	std::string hostname = clip(info.hostname, 127);
	body += hostname;
	body.append(128 - hostname.size(), '\0');
	put_u64(body, info.boot_ts_epoch);
	put_u64(body, 0);
	put_u64(body, 0);
	put_u64(body, 0);
	write_block(BLOCK_MI, body);
}

void scap_writer::write_interfaces(const std::vector<interface_entry>& interfaces) {
	std::string body;
	for (const interface_entry& item : interfaces) {
		// Types 1 (IPV4) and 2 (IPV6), with a link speed of 0 (unknown).
		std::string entry;
		std::string name = clip(item.name, 1023);
		size_t size = item.ipv6 ? 16 : 4;
		put_u16(entry, item.ipv6 ? 2 : 1);
		put_u16(entry, static_cast<uint16_t>(name.size()));
		entry.append(reinterpret_cast<const char*>(item.addr), size);
		entry.append(reinterpret_cast<const char*>(item.netmask), size);
		entry.append(reinterpret_cast<const char*>(item.bcast), size);
		put_u64(entry, 0);
		entry += name;
		// IL_V2's entry length, unlike PL/FDL/UL, does not count its own 4 bytes (§3.4).
		put_u32(body, static_cast<uint32_t>(entry.size()));
		body += entry;
	}
	write_block(BLOCK_IL_V2, body);
}

void scap_writer::write_users(const std::vector<user_entry>& users) {
	std::string body;
	for (const user_entry& user : users) {
		std::string entry;
		put_u8(entry, user.is_group ? 1 : 0);
		put_u32(entry, user.id);
		if (!user.is_group) put_u32(entry, user.gid);
		put_lstr(entry, clip(user.name, 255));
		if (!user.is_group) {
			put_lstr(entry, clip(user.homedir, 255));
			put_lstr(entry, clip(user.shell, 255));
		}
		put_u32(body, static_cast<uint32_t>(entry.size() + 4));
		body += entry;
	}
	write_block(BLOCK_UL_V2, body);
}

void scap_writer::write_threads(const std::vector<thread_entry>& threads) {
	std::string body;
	for (const thread_entry& thread : threads) {
		std::string entry;
		put_u64(entry, thread.tid);
		put_u64(entry, thread.pid);
		put_u64(entry, thread.ptid);
		put_u64(entry, thread.sid);
		put_u64(entry, thread.vpgid);
		put_lstr(entry, clip(thread.comm, 1024));
		put_lstr(entry, clip(thread.exe, 1024));
		put_lstr(entry, clip(thread.exepath, 1024));
		put_lstr(entry, clip(thread.args, 4096));
		put_lstr(entry, clip(thread.cwd, 1024));
		put_u64(entry, thread.fdlimit);
		put_u32(entry, thread.flags);
		put_u32(entry, thread.uid);
		put_u32(entry, thread.gid);
		put_u32(entry, thread.vmsize_kb);
		put_u32(entry, thread.vmrss_kb);
		put_u32(entry, thread.vmswap_kb);
		put_u64(entry, thread.pfmajor);
		put_u64(entry, thread.pfminor);
		put_lstr(entry, clip(thread.env, 4096));
		put_u64(entry, static_cast<uint64_t>(thread.vtid));
		put_u64(entry, static_cast<uint64_t>(thread.vpid));
		put_lstr(entry, clip(thread.cgroups, 4096));
		put_lstr(entry, clip(thread.root, 1024));
		// Stop after loginuid and exe_writable: what sysdig 0.29.3 reads and writes, and
		// within HEAD's "29 bytes or fewer after root" rule (§8 step 4).
		put_u32(entry, thread.loginuid);
		put_u8(entry, 0);
		put_u32(body, static_cast<uint32_t>(entry.size() + 4));
		body += entry;
	}
	write_block(BLOCK_PL_V9, body);
}

void scap_writer::write_fds(uint64_t tid, const std::vector<fd_entry>& fds) {
	std::string body;
	put_u64(body, tid);
	for (const fd_entry& fd : fds) {
		std::string entry;
		put_u64(entry, static_cast<uint64_t>(fd.fd));
		put_u64(entry, fd.ino);
		put_u8(entry, fd.type);
		entry += fd.payload;
		put_u32(body, static_cast<uint32_t>(entry.size() + 4));
		body += entry;
	}
	write_block(BLOCK_FDL_V2, body);
}

void scap_writer::write_event(const event_builder& event, uint16_t cpuid) {
	std::string body;
	put_u16(body, cpuid);
	body += event.encode();
	write_block(BLOCK_EV_V2, body);
	m_events++;
}

bool scap_writer::close() {
	if (m_file == nullptr) return ok();
	bool flushed = std::fflush(m_file) == 0 && fsync(fileno(m_file)) == 0;
	if (!flushed && ok()) m_error = "cannot write '" + m_path + "': " + std::strerror(errno);
	if (std::fclose(m_file) != 0 && ok()) {
		m_error = "cannot close '" + m_path + "': " + std::strerror(errno);
	}
	m_file = nullptr;
	return ok();
}

}  // namespace studio::capture
