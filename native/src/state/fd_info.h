// One file descriptor as libsinsp 0.29.3 models it: type, name, open flags, socket tuple and
// role. Plain data plus the small helpers that format a socket name. Tables of fds live in
// thread_info.h; parsing events into fds lives in the parse_*.cpp files.
#pragma once

#include <cstdint>
#include <string>

#include "reader/metadata.h"

namespace studio::state {

/** Socket role, as libsinsp tracks it for cip/sip fields. */
enum class fd_role : uint8_t { none, client, server };

/** L4 protocols (scap values). */
enum l4proto : uint8_t {
	L4_UNKNOWN = 0,
	L4_NA = 1,
	L4_TCP = 2,
	L4_UDP = 3,
	L4_ICMP = 4,
	L4_RAW = 5,
};

struct fd_info {
	int64_t fd = -1;
	/** reader::scap_fd_type value. */
	uint8_t type = reader::SCAP_FD_UNKNOWN;
	/** PPM_O_* flags. */
	uint32_t open_flags = 0;
	uint32_t dev = 0;
	uint64_t ino = 0;
	/** The name fd.name shows: path, tuple text, ip:port, or unix "src->dst path". */
	std::string name;
	/** Sockets: sip/sport is the client side, dip/dport the server side (network order). */
	uint8_t sip[16] = {};
	uint8_t dip[16] = {};
	uint16_t sport = 0;
	uint16_t dport = 0;
	uint8_t l4proto = L4_UNKNOWN;
	fd_role role = fd_role::none;
	bool connected = false;
	uint64_t unix_src = 0;
	uint64_t unix_dst = 0;

	bool is_ipv4() const {
		return type == reader::SCAP_FD_IPV4_SOCK || type == reader::SCAP_FD_IPV4_SERVSOCK;
	}
	bool is_ipv6() const {
		return type == reader::SCAP_FD_IPV6_SOCK || type == reader::SCAP_FD_IPV6_SERVSOCK;
	}
	bool is_server_socket() const {
		return type == reader::SCAP_FD_IPV4_SERVSOCK || type == reader::SCAP_FD_IPV6_SERVSOCK;
	}
	bool is_file() const {
		return type == reader::SCAP_FD_FILE || type == reader::SCAP_FD_FILE_V2;
	}
};

/** fd.type text for an scap fd type ("file", "ipv4", ...). */
const char* fd_type_name(uint8_t type);
/** fd.typechar for an scap fd type. */
char fd_type_char(uint8_t type);
/** Formats an address (4 or 16 network-order bytes); IPv6 without brackets, compressed. */
std::string format_ip(const uint8_t* addr, bool ipv6);
/** Formats the tuple name "sip:sport->dip:dport" of an IPv4/IPv6 socket. */
std::string format_tuple_name(const fd_info& fd);
/** Formats "ip:port" of a server socket (dip/dport). */
std::string format_server_name(const fd_info& fd);
/** Formats a unix socket name "<src hex>-><dst hex> <path>". */
std::string format_unix_name(uint64_t src, uint64_t dst, const std::string& path);

}  // namespace studio::state
