// IP address parsing and CIDR membership (see net.h). Uses inet_pton for the text forms.
#include "filter/net.h"

#include <arpa/inet.h>

#include <cstring>

namespace studio::filter {

namespace {

const uint8_t k_mapped_prefix[12] = {0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0xff, 0xff};

bool prefix_equal(const uint8_t* a, const uint8_t* b, uint32_t bits) {
	uint32_t full = bits / 8;
	if(std::memcmp(a, b, full) != 0) return false;
	uint32_t rest = bits % 8;
	if(rest == 0) return true;
	uint8_t mask = static_cast<uint8_t>(0xff << (8 - rest));
	return (a[full] & mask) == (b[full] & mask);
}

}  // namespace

bool ip_address::operator==(const ip_address& other) const {
	if(family != other.family) return false;
	return std::memcmp(bytes, other.bytes, family == 4 ? 4 : 16) == 0;
}

bool parse_ip_address(std::string_view text, ip_address& out) {
	char buffer[64];
	if(text.empty() || text.size() >= sizeof(buffer)) return false;
	std::memcpy(buffer, text.data(), text.size());
	buffer[text.size()] = '\0';
	ip_address parsed;
	if(inet_pton(AF_INET, buffer, parsed.bytes) == 1) {
		parsed.family = 4;
	} else if(inet_pton(AF_INET6, buffer, parsed.bytes) == 1) {
		parsed.family = 6;
	} else {
		return false;
	}
	out = parsed;
	return true;
}

bool parse_ip_net(std::string_view text, ip_net& out) {
	size_t slash = text.find('/');
	ip_net parsed;
	if(!parse_ip_address(text.substr(0, slash), parsed.address)) return false;
	uint32_t max_bits = parsed.address.family == 4 ? 32 : 128;
	if(slash == std::string_view::npos) {
		parsed.prefix = max_bits;
	} else {
		std::string_view bits = text.substr(slash + 1);
		if(bits.empty() || bits.size() > 3) return false;
		uint32_t value = 0;
		for(char c : bits) {
			if(c < '0' || c > '9') return false;
			value = value * 10 + static_cast<uint32_t>(c - '0');
		}
		if(value > max_bits) return false;
		parsed.prefix = value;
	}
	out = parsed;
	return true;
}

bool net_contains(const ip_net& net, const ip_address& address) {
	if(net.address.family == address.family) {
		return prefix_equal(net.address.bytes, address.bytes, net.prefix);
	}
	if(net.address.family == 6 && address.family == 4) {
		uint8_t mapped[16];
		std::memcpy(mapped, k_mapped_prefix, 12);
		std::memcpy(mapped + 12, address.bytes, 4);
		return prefix_equal(net.address.bytes, mapped, net.prefix);
	}
	if(net.address.family == 4 && address.family == 6 &&
	   std::memcmp(address.bytes, k_mapped_prefix, 12) == 0) {
		return prefix_equal(net.address.bytes, address.bytes + 12, net.prefix);
	}
	return false;
}

std::string format_ip_address(const ip_address& address) {
	char buffer[INET6_ADDRSTRLEN] = {};
	if(address.family == 4) {
		inet_ntop(AF_INET, address.bytes, buffer, sizeof(buffer));
	} else if(address.family == 6) {
		inet_ntop(AF_INET6, address.bytes, buffer, sizeof(buffer));
	}
	return buffer;
}

}  // namespace studio::filter
