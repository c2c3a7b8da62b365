// fd.* fields, in sysdig 0.29.3's model: fd.num is the thread's last fd for fd-flagged events;
// fd.name falls back to the event's own path or tuple when there is no fd entry (open*,
// accept, connect exits), to "" on other exits and to <NA> on enters; client/server sides
// come from the stored tuple (client = sip), local/remote from the interface list.
#include <cstring>

#include "fields/field_table.h"

namespace studio::fields {

namespace {

using state::event_context;
using state::fd_info;
using V = std::vector<field_value>;

bool fd_flagged(const event_context& c) {
	return (c.flags & (schema::EF_CREATES_FD | schema::EF_USES_FD | schema::EF_DESTROYS_FD)) != 0;
}

bool is_socket(const fd_info* fd) {
	return fd != nullptr && (fd->is_ipv4() || fd->is_ipv6());
}

/** A socket whose tuple is known: 0.29.3 shows <NA> for the ends of a fresh, unused socket. */
bool has_tuple(const fd_info* fd) {
	return is_socket(fd) && (fd->is_server_socket() || fd->role != state::fd_role::none);
}

size_t addr_len(const fd_info* fd) {
	return fd->is_ipv6() ? 16 : 4;
}

bool push_ip(V& out, const fd_info* fd, const uint8_t* addr) {
	return push_str(out, std::string_view(reinterpret_cast<const char*>(addr), addr_len(fd)));
}

/** True when addr is one of the capture's interface addresses (the local side). */
bool is_local(const event_context& c, const fd_info* fd, const uint8_t* addr) {
	size_t n = addr_len(fd);
	for(const auto& i : c.insp->interfaces()) {
		if(i.ipv6 == (n == 16) && std::memcmp(i.addr, addr, n) == 0) return true;
	}
	return false;
}

/** Whether sip (the client side) is local. */
bool client_is_local(const event_context& c, const fd_info* fd) {
	return is_local(c, fd, fd->sip);
}

bool f_num(const event_context& c, const field_args&, scratch&, V& out) {
	return c.has_fd_num && push_i(out, c.fd_num);
}
bool f_type(const event_context& c, const field_args&, scratch&, V& out) {
	return c.fd != nullptr && push_str(out, state::fd_type_name(c.fd->type));
}
bool f_typechar(const event_context& c, const field_args&, scratch& s, V& out) {
	if(c.fd != nullptr) return push_owned(out, s, std::string(1, state::fd_type_char(c.fd->type)));
	if(!fd_flagged(c) || c.thread == nullptr) return false;
	// Without an fd entry, 0.29.3 guesses from the syscall (socket and accept say '4' for both
	// families) and says 'o' for everything else.
	const char* n = c.info->name;
	if(std::strncmp(n, "open", 4) == 0 || std::strcmp(n, "creat") == 0) return push_str(out, "f");
	if(std::strcmp(n, "socket") == 0 || std::strncmp(n, "accept", 6) == 0) return push_str(out, "4");
	if(std::strncmp(n, "pipe", 4) == 0) return push_str(out, "p");
	if(std::strncmp(n, "eventfd", 7) == 0) return push_str(out, "e");
	if(std::strncmp(n, "signalfd", 8) == 0) return push_str(out, "s");
	if(std::strncmp(n, "epoll_create", 12) == 0) return push_str(out, "l");
	if(std::strncmp(n, "inotify", 7) == 0) return push_str(out, "i");
	if(std::strcmp(n, "timerfd_create") == 0) return push_str(out, "t");
	return push_str(out, "o");
}
bool f_name(const event_context& c, const field_args&, scratch&, V& out) {
	if(c.has_event_fd_name && fd_flagged(c)) return push_str(out, c.event_fd_name);
	if(c.fd != nullptr) return push_str(out, c.fd->name);
	if(!fd_flagged(c) || c.thread == nullptr) return false;
	if(schema::is_enter(c.evt->type)) return false;
	return push_str(out, "");
}
bool f_nameraw(const event_context& c, const field_args& a, scratch& s, V& out) {
	return f_name(c, a, s, out);
}
bool f_directory(const event_context& c, const field_args&, scratch&, V& out) {
	std::string_view name;
	if(c.fd != nullptr) {
		if(c.fd->type == reader::SCAP_FD_DIRECTORY) return push_str(out, c.fd->name);
		if(!c.fd->is_file()) return false;
		name = c.fd->name;
	} else if(fd_flagged(c) && c.thread != nullptr && !schema::is_enter(c.evt->type)) {
		// No fd entry: the directory of the name fd.name shows ("" gives "/"), as 0.29.3 does.
		name = c.has_event_fd_name ? std::string_view(c.event_fd_name) : std::string_view();
	} else {
		return false;
	}
	size_t slash = name.rfind('/');
	if(slash == std::string_view::npos || slash == 0) return push_str(out, "/");
	return push_str(out, name.substr(0, slash));
}
bool f_filename(const event_context& c, const field_args&, scratch&, V& out) {
	std::string_view name;
	if(c.fd == nullptr || !c.fd->is_file()) return false;  // 0.29.3: files with an fd entry only
	name = c.fd->name;
	size_t slash = name.rfind('/');
	if(slash == std::string_view::npos) return push_str(out, "/");
	if(slash + 1 == name.size()) return push_str(out, name);
	return push_str(out, name.substr(slash + 1));
}
bool f_cip(const event_context& c, const field_args&, scratch&, V& out) {
	const fd_info* fd = c.fd;
	if(!is_socket(fd) || fd->is_server_socket() || fd->role == state::fd_role::none) return false;
	return push_ip(out, fd, fd->sip);
}
bool f_sip(const event_context& c, const field_args&, scratch&, V& out) {
	const fd_info* fd = c.fd;
	return has_tuple(fd) && push_ip(out, fd, fd->dip);
}
bool f_ip(const event_context& c, const field_args& a, scratch& s, V& out) {
	f_cip(c, a, s, out);
	f_sip(c, a, s, out);
	return !out.empty();
}
bool f_lip(const event_context& c, const field_args&, scratch&, V& out) {
	const fd_info* fd = c.fd;
	if(!has_tuple(fd) || fd->is_server_socket()) return false;
	return push_ip(out, fd, client_is_local(c, fd) ? fd->sip : fd->dip);
}
bool f_rip(const event_context& c, const field_args&, scratch&, V& out) {
	const fd_info* fd = c.fd;
	if(!has_tuple(fd) || fd->is_server_socket()) return false;
	return push_ip(out, fd, client_is_local(c, fd) ? fd->dip : fd->sip);
}
bool f_cport(const event_context& c, const field_args&, scratch&, V& out) {
	const fd_info* fd = c.fd;
	if(!has_tuple(fd)) return false;
	return push_u(out, fd->is_server_socket() ? 0 : fd->sport);  // a listening socket has no client: 0
}
bool f_sport(const event_context& c, const field_args&, scratch&, V& out) {
	const fd_info* fd = c.fd;
	return has_tuple(fd) && push_u(out, fd->dport);
}
bool f_port(const event_context& c, const field_args& a, scratch& s, V& out) {
	f_cport(c, a, s, out);
	f_sport(c, a, s, out);
	return !out.empty();
}
bool f_lport(const event_context& c, const field_args&, scratch&, V& out) {
	const fd_info* fd = c.fd;
	if(!has_tuple(fd) || fd->is_server_socket()) return false;
	return push_u(out, client_is_local(c, fd) ? fd->sport : fd->dport);
}
bool f_rport(const event_context& c, const field_args&, scratch&, V& out) {
	const fd_info* fd = c.fd;
	if(!has_tuple(fd) || fd->is_server_socket()) return false;
	return push_u(out, client_is_local(c, fd) ? fd->dport : fd->sport);
}
bool f_l4proto(const event_context& c, const field_args&, scratch&, V& out) {
	if(!has_tuple(c.fd)) return false;
	switch(c.fd->l4proto) {
	case state::L4_TCP: return push_str(out, "tcp");
	case state::L4_UDP: return push_str(out, "udp");
	case state::L4_ICMP: return push_str(out, "icmp");
	case state::L4_RAW: return push_str(out, "raw");
	default: return push_str(out, "unknown");
	}
}
bool f_sockfamily(const event_context& c, const field_args&, scratch&, V& out) {
	if(c.fd == nullptr) return false;
	if(is_socket(c.fd)) return push_str(out, "ip");
	if(c.fd->type == reader::SCAP_FD_UNIX_SOCK) return push_str(out, "unix");
	return false;
}
bool f_is_server(const event_context& c, const field_args&, scratch&, V& out) {
	// 0.29.3: true when the server side (dip) is an address of this machine (the interface list);
	// an unset IPv6 address counts as local, an unset IPv4 one does not.
	const fd_info* fd = c.fd;
	if(fd == nullptr) return false;
	if(!is_socket(fd)) return push_bool(out, fd->role == state::fd_role::server);
	if(fd->is_server_socket()) return push_bool(out, true);
	static const uint8_t zero[16] = {};
	static const uint8_t loopback6[16] = {0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1};
	if(fd->is_ipv6() && (std::memcmp(fd->dip, zero, 16) == 0 || std::memcmp(fd->dip, loopback6, 16) == 0)) {
		return push_bool(out, true);
	}
	return push_bool(out, is_local(c, fd, fd->dip));
}
bool f_net_name(const event_context&, const field_args&, scratch&, V&) {
	return false;  // no DNS names in captures: sysdig shows <NA>
}
bool f_connected(const event_context& c, const field_args&, scratch&, V& out) {
	return c.fd != nullptr && push_bool(out, c.fd->connected);
}
bool f_name_changed(const event_context& c, const field_args&, scratch&, V& out) {
	// The name changes on connect (a tuple replaces the empty socket name).
	if(c.fd == nullptr) return false;
	return push_bool(out, std::strcmp(c.info->name, "connect") == 0 && !schema::is_enter(c.evt->type));
}
bool f_dev(const event_context& c, const field_args&, scratch&, V& out) {
	return c.fd != nullptr && push_i(out, static_cast<int32_t>(c.fd->dev));
}
bool f_dev_major(const event_context& c, const field_args&, scratch&, V& out) {
	return c.fd != nullptr && push_i(out, static_cast<int32_t>((c.fd->dev >> 20) & 0xfff));
}
bool f_dev_minor(const event_context& c, const field_args&, scratch&, V& out) {
	return c.fd != nullptr && push_i(out, static_cast<int32_t>(c.fd->dev & 0xfffff));
}
bool f_ino(const event_context& c, const field_args&, scratch&, V& out) {
	return c.fd != nullptr && push_i(out, static_cast<int64_t>(c.fd->ino));
}
bool f_types(const event_context& c, const field_args& a, scratch&, V& out) {
	if(c.thread == nullptr) return false;
	const state::fd_table& fds = const_cast<state::inspector*>(c.insp)->fd_table_of(c.thread);
	if(a.has) {
		auto it = fds.find(a.index);
		if(it == fds.end()) return false;
		return push_str(out, state::fd_type_name(it->second.type));
	}
	bool seen[256] = {};
	for(const auto& [num, fd] : fds) {
		const char* name = state::fd_type_name(fd.type);
		uint8_t key = fd.type;
		if(key == reader::SCAP_FD_FILE) key = reader::SCAP_FD_FILE_V2;
		if(seen[key]) continue;
		seen[key] = true;
		push_str(out, name);
	}
	return true;
}

bool f_cnet(const event_context& c, const field_args& a, scratch& s, V& out) { return f_cip(c, a, s, out); }
bool f_snet(const event_context& c, const field_args& a, scratch& s, V& out) { return f_sip(c, a, s, out); }
bool f_lnet(const event_context& c, const field_args& a, scratch& s, V& out) { return f_lip(c, a, s, out); }
bool f_rnet(const event_context& c, const field_args& a, scratch& s, V& out) { return f_rip(c, a, s, out); }
bool f_net(const event_context& c, const field_args& a, scratch& s, V& out) { return f_ip(c, a, s, out); }

using FT = field_type;
using AK = arg_kind;
const field_def k_fields[] = {
    {{"fd.num", FT::INT64, false, AK::none, false, "fd number"}, f_num},
    {{"fd.type", FT::CHARBUF, false, AK::none, false, "fd type"}, f_type},
    {{"fd.typechar", FT::CHARBUF, false, AK::none, false, "fd type character"}, f_typechar},
    {{"fd.name", FT::CHARBUF, false, AK::none, false, "fd name"}, f_name},
    {{"fd.nameraw", FT::CHARBUF, false, AK::none, false, "fd name as stored"}, f_nameraw},
    {{"fd.directory", FT::CHARBUF, false, AK::none, false, "directory"}, f_directory},
    {{"fd.filename", FT::CHARBUF, false, AK::none, false, "file name"}, f_filename},
    {{"fd.ip", FT::IPADDR, false, AK::none, false, "client or server ip"}, f_ip},
    {{"fd.cip", FT::IPADDR, false, AK::none, false, "client ip"}, f_cip},
    {{"fd.sip", FT::IPADDR, false, AK::none, false, "server ip"}, f_sip},
    {{"fd.lip", FT::IPADDR, false, AK::none, false, "local ip"}, f_lip},
    {{"fd.rip", FT::IPADDR, false, AK::none, false, "remote ip"}, f_rip},
    {{"fd.port", FT::PORT, false, AK::none, false, "client or server port"}, f_port},
    {{"fd.cport", FT::PORT, false, AK::none, false, "client port"}, f_cport},
    {{"fd.sport", FT::PORT, false, AK::none, false, "server port"}, f_sport},
    {{"fd.lport", FT::PORT, false, AK::none, false, "local port"}, f_lport},
    {{"fd.rport", FT::PORT, false, AK::none, false, "remote port"}, f_rport},
    {{"fd.net", FT::IPNET, false, AK::none, false, "client or server address, for CIDR checks"}, f_net},
    {{"fd.cnet", FT::IPNET, false, AK::none, false, "client address, for CIDR checks"}, f_cnet},
    {{"fd.snet", FT::IPNET, false, AK::none, false, "server address, for CIDR checks"}, f_snet},
    {{"fd.lnet", FT::IPNET, false, AK::none, false, "local address, for CIDR checks"}, f_lnet},
    {{"fd.rnet", FT::IPNET, false, AK::none, false, "remote address, for CIDR checks"}, f_rnet},
    {{"fd.l4proto", FT::CHARBUF, false, AK::none, false, "l4 protocol"}, f_l4proto},
    {{"fd.sockfamily", FT::CHARBUF, false, AK::none, false, "socket family"}, f_sockfamily},
    {{"fd.is_server", FT::BOOL, false, AK::none, false, "server side"}, f_is_server},
    {{"fd.cip.name", FT::CHARBUF, false, AK::none, false, "client domain name"}, f_net_name},
    {{"fd.sip.name", FT::CHARBUF, false, AK::none, false, "server domain name"}, f_net_name},
    {{"fd.lip.name", FT::CHARBUF, false, AK::none, false, "local domain name"}, f_net_name},
    {{"fd.rip.name", FT::CHARBUF, false, AK::none, false, "remote domain name"}, f_net_name},
    {{"fd.connected", FT::BOOL, false, AK::none, false, "connected"}, f_connected},
    {{"fd.name_changed", FT::BOOL, false, AK::none, false, "name changed"}, f_name_changed},
    {{"fd.dev", FT::INT32, false, AK::none, false, "device"}, f_dev},
    {{"fd.dev.major", FT::INT32, false, AK::none, false, "device major"}, f_dev_major},
    {{"fd.dev.minor", FT::INT32, false, AK::none, false, "device minor"}, f_dev_minor},
    {{"fd.ino", FT::INT64, false, AK::none, false, "inode"}, f_ino},
    {{"fd.types", FT::CHARBUF, true, AK::index, false, "fd types of the process"}, f_types},
};

}  // namespace

field_class fd_field_class() {
	return {k_fields, sizeof(k_fields) / sizeof(k_fields[0])};
}

}  // namespace studio::fields
