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

namespace {

void append_decimal(std::string& out, unsigned v) {
	char buf[12];
	char* p = buf + sizeof(buf);
	do {
		*--p = static_cast<char>('0' + v % 10);
		v /= 10;
	} while(v != 0);
	out.append(p, static_cast<size_t>(buf + sizeof(buf) - p));
}

void append_ipv4(std::string& out, const uint8_t* addr) {
	for(int i = 0; i < 4; i++) {
		if(i > 0) out += '.';
		append_decimal(out, addr[i]);
	}
}

void append_hex16(std::string& out, unsigned v) {
	static const char k_hex[] = "0123456789abcdef";
	char buf[4];
	int n = 0;
	for(int shift = 12; shift >= 0; shift -= 4) {
		unsigned digit = (v >> shift) & 15;
		if(n == 0 && digit == 0 && shift > 0) continue;
		buf[n++] = k_hex[digit];
	}
	out.append(buf, static_cast<size_t>(n));
}

/**
 * IPv6 text exactly as glibc's inet_ntop writes it: lower-case hex groups, the first longest
 * run of two or more zero groups as "::", and an embedded IPv4 address for the ::a.b.c.d and
 * ::ffff:a.b.c.d forms. By hand, because inet_ntop formats with sprintf (native/test checks
 * this against inet_ntop).
 */
void append_ipv6(std::string& out, const uint8_t* addr) {
	unsigned words[8];
	for(int i = 0; i < 8; i++) words[i] = (static_cast<unsigned>(addr[2 * i]) << 8) | addr[2 * i + 1];
	int best_base = -1, best_len = 0, cur_base = -1, cur_len = 0;
	for(int i = 0; i < 8; i++) {
		if(words[i] == 0) {
			if(cur_base == -1) {
				cur_base = i;
				cur_len = 1;
			} else {
				cur_len++;
			}
		} else if(cur_base != -1) {
			if(best_base == -1 || cur_len > best_len) {
				best_base = cur_base;
				best_len = cur_len;
			}
			cur_base = -1;
		}
	}
	if(cur_base != -1 && (best_base == -1 || cur_len > best_len)) {
		best_base = cur_base;
		best_len = cur_len;
	}
	if(best_base != -1 && best_len < 2) best_base = -1;
	for(int i = 0; i < 8; i++) {
		if(best_base != -1 && i >= best_base && i < best_base + best_len) {
			if(i == best_base) out += ':';
			continue;
		}
		if(i != 0) out += ':';
		if(i == 6 && best_base == 0 && (best_len == 6 || (best_len == 5 && words[5] == 0xffff))) {
			append_ipv4(out, addr + 12);
			return;
		}
		append_hex16(out, words[i]);
	}
	if(best_base != -1 && best_base + best_len == 8) out += ':';
}

void append_ip(std::string& out, const uint8_t* addr, bool ipv6) {
	if(ipv6) {
		append_ipv6(out, addr);
	} else {
		append_ipv4(out, addr);
	}
}

}  // namespace

std::string format_ip(const uint8_t* addr, bool ipv6) {
	std::string out;
	append_ip(out, addr, ipv6);
	return out;
}

std::string format_tuple_name(const fd_info& fd) {
	bool v6 = fd.is_ipv6();
	std::string out;
	out.reserve(v6 ? 96 : 48);
	append_ip(out, fd.sip, v6);
	out += ':';
	append_decimal(out, fd.sport);
	out += "->";
	append_ip(out, fd.dip, v6);
	out += ':';
	append_decimal(out, fd.dport);
	return out;
}

std::string format_server_name(const fd_info& fd) {
	std::string out;
	append_ip(out, fd.dip, fd.is_ipv6());
	out += ':';
	append_decimal(out, fd.dport);
	return out;
}

std::string format_unix_name(uint64_t src, uint64_t dst, const std::string& path) {
	char buf[64];
	std::snprintf(buf, sizeof(buf), "%llx->%llx ", static_cast<unsigned long long>(src),
	              static_cast<unsigned long long>(dst));
	return buf + path;
}

}  // namespace studio::state
