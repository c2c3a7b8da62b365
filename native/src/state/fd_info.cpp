// fd type names and socket-name formatting, following libsinsp 0.29.3's spelling: IPv6
// addresses compressed and without brackets, tuples "a:p->b:q", unix "src->dst path".
#include "state/fd_info.h"

#include <arpa/inet.h>

#include <cstdio>

namespace studio::state {

const char* fd_type_name(uint8_t type) {
	switch(type) {
	case reader::SCAP_FD_FILE:
	case reader::SCAP_FD_FILE_V2:
		return "file";
	case reader::SCAP_FD_DIRECTORY:
		return "directory";
	case reader::SCAP_FD_IPV4_SOCK:
	case reader::SCAP_FD_IPV4_SERVSOCK:
		return "ipv4";
	case reader::SCAP_FD_IPV6_SOCK:
	case reader::SCAP_FD_IPV6_SERVSOCK:
		return "ipv6";
	case reader::SCAP_FD_UNIX_SOCK:
		return "unix";
	case reader::SCAP_FD_FIFO:
		return "pipe";
	case reader::SCAP_FD_EVENT:
		return "event";
	case reader::SCAP_FD_SIGNALFD:
		return "signalfd";
	case reader::SCAP_FD_EVENTPOLL:
		return "eventpoll";
	case reader::SCAP_FD_INOTIFY:
		return "inotify";
	case reader::SCAP_FD_TIMERFD:
		return "timerfd";
	case reader::SCAP_FD_NETLINK:
		return "netlink";
	case reader::SCAP_FD_BPF:
		return "bpf";
	case reader::SCAP_FD_USERFAULTFD:
		return "userfaultfd";
	case reader::SCAP_FD_IOURING:
		return "io_uring";
	case reader::SCAP_FD_MEMFD:
		return "memfd";
	case reader::SCAP_FD_PIDFD:
		return "pidfd";
	case reader::SCAP_FD_UNSUPPORTED:
		return "unsupported";
	default:
		return "unknown";
	}
}

char fd_type_char(uint8_t type) {
	switch(type) {
	case reader::SCAP_FD_FILE:
	case reader::SCAP_FD_FILE_V2:
		return 'f';
	case reader::SCAP_FD_DIRECTORY:
		return 'd';
	case reader::SCAP_FD_IPV4_SOCK:
	case reader::SCAP_FD_IPV4_SERVSOCK:
		return '4';
	case reader::SCAP_FD_IPV6_SOCK:
	case reader::SCAP_FD_IPV6_SERVSOCK:
		return '6';
	case reader::SCAP_FD_UNIX_SOCK:
	case reader::SCAP_FD_USERFAULTFD:
		return 'u';
	case reader::SCAP_FD_FIFO:
		return 'p';
	case reader::SCAP_FD_EVENT:
		return 'e';
	case reader::SCAP_FD_SIGNALFD:
		return 's';
	case reader::SCAP_FD_EVENTPOLL:
		return 'l';
	case reader::SCAP_FD_INOTIFY:
		return 'i';
	case reader::SCAP_FD_TIMERFD:
		return 't';
	case reader::SCAP_FD_NETLINK:
		return 'n';
	case reader::SCAP_FD_BPF:
		return 'b';
	case reader::SCAP_FD_IOURING:
		return 'r';
	case reader::SCAP_FD_MEMFD:
		return 'm';
	case reader::SCAP_FD_PIDFD:
		return 'P';
	case reader::SCAP_FD_UNSUPPORTED:
		return 'X';
	default:
		return 'o';
	}
}

std::string format_ip(const uint8_t* addr, bool ipv6) {
	char buf[INET6_ADDRSTRLEN] = {};
	inet_ntop(ipv6 ? AF_INET6 : AF_INET, addr, buf, sizeof(buf));
	return buf;
}

std::string format_tuple_name(const fd_info& fd) {
	bool v6 = fd.is_ipv6();
	return format_ip(fd.sip, v6) + ":" + std::to_string(fd.sport) + "->" + format_ip(fd.dip, v6) + ":" +
	       std::to_string(fd.dport);
}

std::string format_server_name(const fd_info& fd) {
	return format_ip(fd.dip, fd.is_ipv6()) + ":" + std::to_string(fd.dport);
}

std::string format_unix_name(uint64_t src, uint64_t dst, const std::string& path) {
	char buf[64];
	std::snprintf(buf, sizeof(buf), "%llx->%llx ", static_cast<unsigned long long>(src),
	              static_cast<unsigned long long>(dst));
	return buf + path;
}

}  // namespace studio::state
