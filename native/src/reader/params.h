// Typed decoding of event parameters (little-endian, unaligned): integers, strings, socket
// addresses and tuples. Every function checks the slice length and reports "absent" rather
// than reading out of bounds. It does not know event semantics (which param means what).
#pragma once

#include <cstdint>
#include <cstring>
#include <string_view>

#include "reader/raw_event.h"

namespace studio::reader {

/** Reads a little-endian unsigned integer of 1, 2, 4 or 8 bytes; false when len differs. */
bool param_uint(const param_view& p, uint64_t& out);
/** Same, sign-extended from the stored width. */
bool param_int(const param_view& p, int64_t& out);
/**
 * A string param (CHARBUF, FSPATH, FSRELPATH): the bytes up to the first NUL. Returns false
 * for an empty param or the "(NULL)" marker, which libsinsp shows as <NA>.
 */
bool param_string(const param_view& p, std::string_view& out);

/** PPM socket families used in SOCKADDR/SOCKTUPLE params. */
enum socket_family : uint8_t {
	PPM_AF_UNSPEC = 0,
	PPM_AF_UNIX = 1,
	PPM_AF_INET = 2,
	PPM_AF_INET6 = 10,
	PPM_AF_NETLINK = 16,
};

/** A decoded SOCKADDR or SOCKTUPLE. Addresses are raw network-order bytes. */
struct socket_address {
	uint8_t family = PPM_AF_UNSPEC;
	uint8_t sip[16] = {};
	uint8_t dip[16] = {};
	uint16_t sport = 0;
	uint16_t dport = 0;
	/** Unix tuples: kernel socket addresses. */
	uint64_t unix_src = 0;
	uint64_t unix_dst = 0;
	/** Unix path (points into the event). */
	std::string_view path;
};

/** A SOCKADDR param (the address goes to dip/dport); false when empty or malformed. */
bool param_sockaddr(const param_view& p, socket_address& out);
/** A SOCKTUPLE param; false when empty or malformed. */
bool param_socktuple(const param_view& p, socket_address& out);

}  // namespace studio::reader
