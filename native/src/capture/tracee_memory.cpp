// Tracee memory and socket address decoding (see tracee_memory.h).
#include "capture/tracee_memory.h"

#include <arpa/inet.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <sys/syscall.h>
#include <sys/uio.h>
#include <sys/un.h>
#include <unistd.h>

#include <cstddef>
#include <cstring>

#include "capture/scap_writer.h"

namespace studio::capture {

namespace {

constexpr uint8_t PPM_AF_UNIX = 1;
constexpr uint8_t PPM_AF_INET = 2;
constexpr uint8_t PPM_AF_INET6 = 10;

// A duplicate of another process's fd in this process, or -1 (needs ptrace access, which
// the tracer has).
int duplicate_fd(pid_t pid, int64_t fd) {
	long pidfd = syscall(SYS_pidfd_open, pid, 0);
	if (pidfd < 0) return -1;
	long copy = syscall(SYS_pidfd_getfd, static_cast<int>(pidfd), static_cast<int>(fd), 0);
	close(static_cast<int>(pidfd));
	return static_cast<int>(copy);
}

void put_address(std::string& out, const sockaddr_storage& addr, bool with_port_after) {
	if (addr.ss_family == AF_INET) {
		const auto& in = reinterpret_cast<const sockaddr_in&>(addr);
		out.append(reinterpret_cast<const char*>(&in.sin_addr), 4);
		if (with_port_after) put_u16(out, ntohs(in.sin_port));
	} else {
		const auto& in6 = reinterpret_cast<const sockaddr_in6&>(addr);
		out.append(reinterpret_cast<const char*>(&in6.sin6_addr), 16);
		if (with_port_after) put_u16(out, ntohs(in6.sin6_port));
	}
}

}  // namespace

std::string read_memory(pid_t tid, uint64_t addr, size_t len) {
	if (addr == 0 || len == 0) return std::string();
	std::string out(len, '\0');
	iovec local{out.data(), len};
	iovec remote{reinterpret_cast<void*>(addr), len};
	ssize_t n = process_vm_readv(tid, &local, 1, &remote, 1, 0);
	if (n < 0) {
		// The range may cross into an unmapped page: retry up to the page end.
		size_t to_page_end = 4096 - (addr & 4095);
		if (to_page_end >= len) return std::string();
		return read_memory(tid, addr, to_page_end);
	}
	out.resize(static_cast<size_t>(n));
	return out;
}

std::string read_string(pid_t tid, uint64_t addr, size_t max) {
	std::string out;
	while (out.size() < max && addr != 0) {
		size_t chunk = 4096 - (addr & 4095);
		if (chunk > max - out.size()) chunk = max - out.size();
		std::string part = read_memory(tid, addr, chunk);
		if (part.empty()) break;
		size_t nul = part.find('\0');
		if (nul != std::string::npos) return out + part.substr(0, nul);
		out += part;
		addr += part.size();
	}
	return out;
}

std::string read_string_array(pid_t tid, uint64_t addr, size_t max_items) {
	std::string out;
	for (size_t i = 0; i < max_items && addr != 0; i++) {
		std::string pointer = read_memory(tid, addr + 8 * i, 8);
		if (pointer.size() != 8) break;
		uint64_t item = 0;
		std::memcpy(&item, pointer.data(), 8);
		if (item == 0) break;
		out += read_string(tid, item);
		out.push_back('\0');
	}
	return out;
}

std::string encode_sockaddr(const std::string& raw) {
	std::string out;
	if (raw.size() < 2) return out;
	sockaddr_storage addr{};
	std::memcpy(&addr, raw.data(), raw.size() < sizeof(addr) ? raw.size() : sizeof(addr));
	if (addr.ss_family == AF_INET && raw.size() >= sizeof(sockaddr_in)) {
		put_u8(out, PPM_AF_INET);
		put_address(out, addr, true);
	} else if (addr.ss_family == AF_INET6 && raw.size() >= sizeof(sockaddr_in6)) {
		put_u8(out, PPM_AF_INET6);
		put_address(out, addr, true);
	} else if (addr.ss_family == AF_UNIX) {
		const auto& un = reinterpret_cast<const sockaddr_un&>(addr);
		size_t path_len = raw.size() - offsetof(sockaddr_un, sun_path);
		put_u8(out, PPM_AF_UNIX);
		out += std::string(un.sun_path, strnlen(un.sun_path, path_len));
		out.push_back('\0');
	}
	return out;
}

std::string socket_tuple(pid_t pid, int64_t fd, bool local_first) {
	int copy = duplicate_fd(pid, fd);
	if (copy < 0) return std::string();
	sockaddr_storage local{}, peer{};
	socklen_t local_len = sizeof(local), peer_len = sizeof(peer);
	bool ok = getsockname(copy, reinterpret_cast<sockaddr*>(&local), &local_len) == 0 &&
	          getpeername(copy, reinterpret_cast<sockaddr*>(&peer), &peer_len) == 0;
	close(copy);
	std::string out;
	if (!ok || local.ss_family != peer.ss_family) return out;
	if (local.ss_family != AF_INET && local.ss_family != AF_INET6) return out;
	put_u8(out, local.ss_family == AF_INET ? PPM_AF_INET : PPM_AF_INET6);
	put_address(out, local_first ? local : peer, true);
	put_address(out, local_first ? peer : local, true);
	return out;
}

std::string socket_local_addr(pid_t pid, int64_t fd) {
	int copy = duplicate_fd(pid, fd);
	if (copy < 0) return std::string();
	sockaddr_storage local{};
	socklen_t local_len = sizeof(local);
	bool ok = getsockname(copy, reinterpret_cast<sockaddr*>(&local), &local_len) == 0;
	close(copy);
	if (!ok) return std::string();
	return encode_sockaddr(std::string(reinterpret_cast<const char*>(&local), local_len));
}

}  // namespace studio::capture
