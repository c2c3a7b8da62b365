// Network-family parsers: socket (type and l4 protocol from the domain/type/proto arguments),
// bind (server sockets), connect (tuple, 0.29.3's sticky destination), accept (a connected
// server-side socket from the tuple) and socketpair.
#include <cstring>

#include "state/parsers.h"

namespace studio::state {

namespace {

constexpr int64_t PPM_EINPROGRESS = 115;
const uint8_t k_mapped[12] = {0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0xff, 0xff};
const uint8_t k_zero[16] = {};

reader::param_view from_exit_or_enter(inspector& in, const event_context& ctx, const char* name) {
	reader::param_view p = parsers::param(ctx, name);
	return p.len > 0 ? p : parsers::enter(in, name);
}

/** Folds an IPv4-mapped IPv6 pair into IPv4; returns true when it did. */
bool fold_mapped(reader::socket_address& a) {
	if(a.family != reader::PPM_AF_INET6 || std::memcmp(a.sip, k_mapped, 12) != 0 ||
	   std::memcmp(a.dip, k_mapped, 12) != 0) {
		return false;
	}
	uint8_t s[4], d[4];
	std::memcpy(s, a.sip + 12, 4);
	std::memcpy(d, a.dip + 12, 4);
	std::memset(a.sip, 0, 16);
	std::memset(a.dip, 0, 16);
	std::memcpy(a.sip, s, 4);
	std::memcpy(a.dip, d, 4);
	a.family = reader::PPM_AF_INET;
	return true;
}

std::string tuple_text(const reader::socket_address& a) {
	fd_info tmp;
	tmp.type = a.family == reader::PPM_AF_INET6 ? reader::SCAP_FD_IPV6_SOCK : reader::SCAP_FD_IPV4_SOCK;
	std::memcpy(tmp.sip, a.sip, 16);
	std::memcpy(tmp.dip, a.dip, 16);
	tmp.sport = a.sport;
	tmp.dport = a.dport;
	return format_tuple_name(tmp);
}

}  // namespace

void parsers::patch_tuple(const inspector& in, reader::socket_address& a) {
	// An unset source address is inferred like libsinsp does: loopback talks to loopback, else
	// the interface whose subnet holds the destination, else the first non-loopback interface.
	bool v6 = a.family == reader::PPM_AF_INET6;
	size_t n = v6 ? 16 : 4;
	if(std::memcmp(a.sip, k_zero, n) != 0) return;
	static const uint8_t v6_loopback[16] = {0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1};
	bool dst_loopback = v6 ? std::memcmp(a.dip, v6_loopback, 16) == 0 : a.dip[0] == 127;
	if(dst_loopback) {
		std::memcpy(a.sip, a.dip, n);
		return;
	}
	const reader::interface_record* fallback = nullptr;
	for(const auto& i : in.interfaces()) {
		if(i.ipv6 != v6) continue;
		bool loop = v6 ? std::memcmp(i.addr, v6_loopback, 16) == 0 : i.addr[0] == 127;
		bool match = true;
		for(size_t k = 0; k < n; k++) match = match && ((i.addr[k] ^ a.dip[k]) & i.netmask[k]) == 0;
		if(match && !loop) {
			std::memcpy(a.sip, i.addr, n);
			return;
		}
		if(!loop && fallback == nullptr) fallback = &i;
	}
	if(fallback != nullptr) std::memcpy(a.sip, fallback->addr, n);
}

void parsers::socket_exit(inspector& in, event_context& ctx) {
	thread_info* t = ctx.thread;
	int64_t fd = -1;
	if(t == nullptr || !param_i64(ctx, "fd", fd) || fd < 0) return;
	t->lastevent_fd = fd;
	uint64_t domain = 0, type = 0, proto = 0;
	if(fd < 0 || !reader::param_uint(from_exit_or_enter(in, ctx, "domain"), domain)) return;
	reader::param_uint(from_exit_or_enter(in, ctx, "type"), type);
	reader::param_uint(from_exit_or_enter(in, ctx, "proto"), proto);
	fd_info info;
	switch(domain) {
	case reader::PPM_AF_UNIX:
		info.type = reader::SCAP_FD_UNIX_SOCK;
		break;
	case reader::PPM_AF_INET:
	case reader::PPM_AF_INET6: {
		info.type = domain == reader::PPM_AF_INET ? reader::SCAP_FD_IPV4_SOCK : reader::SCAP_FD_IPV6_SOCK;
		uint64_t stype = type & 0xf;
		if(proto == 6 || (proto == 0 && stype == 1)) {
			info.l4proto = L4_TCP;
		} else if(proto == 17 || (proto == 0 && stype == 2)) {
			info.l4proto = L4_UDP;
		} else if(proto == 1 || proto == 58) {
			info.l4proto = L4_ICMP;
		} else if(stype == 3) {
			info.l4proto = L4_RAW;
		}
		break;
	}
	case reader::PPM_AF_NETLINK:
		info.type = reader::SCAP_FD_NETLINK;
		break;
	default:
		info.type = reader::SCAP_FD_UNKNOWN;
		break;
	}
	ctx.fd = add_fd(in, t, fd, std::move(info));
}

void parsers::bind_exit(inspector&, event_context& ctx) {
	int64_t res = -1;
	if(ctx.fd == nullptr || !param_i64(ctx, "res", res) || res < 0) return;
	reader::socket_address a;
	if(!param_sockaddr(param(ctx, "addr"), a)) return;
	fd_info& fd = *ctx.fd;
	bool inet = a.family == reader::PPM_AF_INET || a.family == reader::PPM_AF_INET6;
	if(inet && a.dport > 0) {
		fd.type = a.family == reader::PPM_AF_INET ? reader::SCAP_FD_IPV4_SERVSOCK : reader::SCAP_FD_IPV6_SERVSOCK;
		std::memcpy(fd.dip, a.dip, 16);
		fd.dport = a.dport;
		fd.role = fd_role::server;
	}
	// 0.29.3 names the fd after the bound address even when the port is 0.
	if(inet) {
		fd.name = state::format_ip(a.dip, a.family == reader::PPM_AF_INET6) + ":" + std::to_string(a.dport);
	} else if(a.family == reader::PPM_AF_UNIX) {
		fd.name.assign(a.path);
	}
}

void parsers::connect_exit(inspector& in, event_context& ctx) {
	int64_t res = -1;
	if(!param_i64(ctx, "res", res)) return;
	bool ok = res >= 0 || res == -PPM_EINPROGRESS;
	reader::socket_address a;
	bool have = param_socktuple(param(ctx, "tuple"), a);
	if(!have || a.family == reader::PPM_AF_UNSPEC) {
		have = param_sockaddr(from_exit_or_enter(in, ctx, "addr"), a);
	}
	if(!have) return;
	fold_mapped(a);
	bool inet = a.family == reader::PPM_AF_INET || a.family == reader::PPM_AF_INET6;
	if(inet) patch_tuple(in, a);
	if(ctx.fd == nullptr || !ok) {
		// No fd entry, or a failed call: 0.29.3 shows the event's tuple as fd.name but leaves
		// the fd as it was.
		// No fd entry: fd.name still comes from the event.
		if(inet) {
			ctx.event_fd_name = tuple_text(a);
			ctx.has_event_fd_name = true;
		} else if(a.family == reader::PPM_AF_UNIX) {
			ctx.event_fd_name = format_unix_name(a.unix_src, a.unix_dst, std::string(a.path));
			ctx.has_event_fd_name = true;
		}
		return;
	}
	fd_info& fd = *ctx.fd;
	if(inet) {
		if(a.family == reader::PPM_AF_INET && fd.type == reader::SCAP_FD_IPV6_SOCK) {
			fd.type = reader::SCAP_FD_IPV4_SOCK;
		}
		size_t n = a.family == reader::PPM_AF_INET ? 4 : 16;
		bool same = std::memcmp(fd.sip, a.sip, n) == 0 && std::memcmp(fd.dip, a.dip, n) == 0 && fd.sport == a.sport &&
		            fd.dport == a.dport;
		bool swapped = std::memcmp(fd.sip, a.dip, n) == 0 && std::memcmp(fd.dip, a.sip, n) == 0 &&
		               fd.sport == a.dport && fd.dport == a.sport;
		if(!same && !swapped) {
			// 0.29.3 keeps a destination that is already set ("sticky" destination).
			bool has_dest = std::memcmp(fd.dip, k_zero, n) != 0;
			std::memcpy(fd.sip, a.sip, 16);
			fd.sport = a.sport;
			if(!has_dest) {
				std::memcpy(fd.dip, a.dip, 16);
				fd.dport = a.dport;
			}
		}
		if(fd.role == fd_role::none) fd.role = fd_role::client;
		fd.connected = true;
		fd.name = format_tuple_name(fd);
	} else if(a.family == reader::PPM_AF_UNIX) {
		fd.unix_src = a.unix_src;
		fd.unix_dst = a.unix_dst;
		if(fd.role == fd_role::none) fd.role = fd_role::client;
		fd.name = format_unix_name(a.unix_src, a.unix_dst, std::string(a.path));
	}
}

void parsers::accept_exit(inspector& in, event_context& ctx) {
	thread_info* t = ctx.thread;
	int64_t fd = -1;
	if(t == nullptr || ctx.info->nparams == 0 || !reader::param_int(ctx.evt->param(0), fd)) return;
	if(fd >= 0) t->lastevent_fd = fd;
	reader::socket_address a;
	bool have = param_socktuple(param(ctx, "tuple"), a);
	fd_info info;
	if(have) {
		fold_mapped(a);
		if(a.family == reader::PPM_AF_INET || a.family == reader::PPM_AF_INET6) {
			info.type = a.family == reader::PPM_AF_INET ? reader::SCAP_FD_IPV4_SOCK : reader::SCAP_FD_IPV6_SOCK;
			std::memcpy(info.sip, a.sip, 16);
			std::memcpy(info.dip, a.dip, 16);
			info.sport = a.sport;
			info.dport = a.dport;
			info.name = format_tuple_name(info);
		} else if(a.family == reader::PPM_AF_UNIX) {
			info.type = reader::SCAP_FD_UNIX_SOCK;
			info.unix_src = a.unix_src;
			info.unix_dst = a.unix_dst;
			info.name = format_unix_name(a.unix_src, a.unix_dst, std::string(a.path));
		}
		ctx.event_fd_name = info.name;
		ctx.has_event_fd_name = true;
	}
	if(fd < 0 || !have) return;
	info.role = fd_role::server;
	info.connected = true;
	info.l4proto = L4_TCP;
	ctx.fd = add_fd(in, t, fd, std::move(info));
}

void parsers::send_exit(inspector& in, event_context& ctx) {
	// A UDP socket without a role gets its tuple from sendto/sendmsg (the enter's, as 0.29.3).
	int64_t res = -1;
	fd_info* fd = ctx.fd;
	if(fd == nullptr || !(fd->type == reader::SCAP_FD_IPV4_SOCK || fd->type == reader::SCAP_FD_IPV6_SOCK)) return;
	if(fd->role != fd_role::none || !param_i64(ctx, "res", res) || res < 0) return;
	reader::socket_address a;
	if(!param_socktuple(from_exit_or_enter(in, ctx, "tuple"), a)) return;
	fold_mapped(a);
	if(a.family != reader::PPM_AF_INET && a.family != reader::PPM_AF_INET6) return;
	patch_tuple(in, a);
	std::memcpy(fd->sip, a.sip, 16);
	std::memcpy(fd->dip, a.dip, 16);
	fd->sport = a.sport;
	fd->dport = a.dport;
	fd->role = fd_role::client;
	fd->connected = true;
	if(fd->l4proto == L4_UNKNOWN) fd->l4proto = L4_UDP;
	fd->name = format_tuple_name(*fd);
}

void parsers::socketpair_exit(inspector& in, event_context& ctx) {
	thread_info* t = ctx.thread;
	int64_t res = -1, fd1 = -1, fd2 = -1;
	if(t == nullptr || !param_i64(ctx, "res", res) || res < 0) return;
	if(!param_i64(ctx, "fd1", fd1) || !param_i64(ctx, "fd2", fd2)) return;
	uint64_t src = 0, peer = 0;
	reader::param_uint(param(ctx, "source"), src);
	reader::param_uint(param(ctx, "peer"), peer);
	fd_info info;
	info.type = reader::SCAP_FD_UNIX_SOCK;
	info.unix_src = src;
	info.unix_dst = peer;
	add_fd(in, t, fd1, info);
	add_fd(in, t, fd2, info);
}

}  // namespace studio::state
