// IP addresses and networks for the IP and net field types. `fd.ip = 1.2.3.4` compares
// addresses; net fields (`fd.net`, `fd.cnet`, ...) and `in` lists of CIDR strings compare by
// network membership (libsinsp's `in_operator_netmasks`). It does not resolve host names.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

namespace studio::filter {

/// An IPv4 (family 4, first 4 bytes used) or IPv6 (family 6) address in network order.
struct ip_address {
	uint8_t family = 0;
	uint8_t bytes[16] = {};
	bool operator==(const ip_address& other) const;
};

/// An address with a prefix length; a plain address is a /32 or /128 network.
struct ip_net {
	ip_address address;
	uint32_t prefix = 0;
};

/// Parses a dotted IPv4 or a textual IPv6 address. Returns false on anything else.
bool parse_ip_address(std::string_view text, ip_address& out);

/// Parses "ADDR/BITS" or "ADDR"; bits must fit the family.
bool parse_ip_net(std::string_view text, ip_net& out);

/// True when `address` lies in `net`. An IPv4 address also lies in an IPv6 net through its
/// IPv4-mapped form (::ffff:a.b.c.d), and an IPv4-mapped IPv6 address lies in an IPv4 net.
bool net_contains(const ip_net& net, const ip_address& address);

/// The usual text form of an address (for messages and output).
std::string format_ip_address(const ip_address& address);

}  // namespace studio::filter
