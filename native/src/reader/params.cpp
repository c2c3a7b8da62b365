// Typed parameter decoding with bounds checks. Values are little-endian and unaligned, so
// everything goes through memcpy.
#include "reader/params.h"

namespace studio::reader {

bool param_uint(const param_view& p, uint64_t& out) {
	switch(p.len) {
	case 1:
		out = p.data[0];
		return true;
	case 2: {
		uint16_t v;
		std::memcpy(&v, p.data, 2);
		out = v;
		return true;
	}
	case 4: {
		uint32_t v;
		std::memcpy(&v, p.data, 4);
		out = v;
		return true;
	}
	case 8:
		std::memcpy(&out, p.data, 8);
		return true;
	default:
		return false;
	}
}

bool param_int(const param_view& p, int64_t& out) {
	switch(p.len) {
	case 1:
		out = static_cast<int8_t>(p.data[0]);
		return true;
	case 2: {
		int16_t v;
		std::memcpy(&v, p.data, 2);
		out = v;
		return true;
	}
	case 4: {
		int32_t v;
		std::memcpy(&v, p.data, 4);
		out = v;
		return true;
	}
	case 8:
		std::memcpy(&out, p.data, 8);
		return true;
	default:
		return false;
	}
}

bool param_string(const param_view& p, std::string_view& out) {
	if(p.len == 0) {
		return false;
	}
	const char* s = reinterpret_cast<const char*>(p.data);
	const void* nul = std::memchr(s, 0, p.len);
	size_t n = nul != nullptr ? static_cast<size_t>(static_cast<const char*>(nul) - s) : p.len;
	out = std::string_view(s, n);
	return out != "(NULL)";
}

namespace {

uint16_t read_u16(const uint8_t* p) {
	uint16_t v;
	std::memcpy(&v, p, 2);
	return v;
}

uint64_t read_u64(const uint8_t* p) {
	uint64_t v;
	std::memcpy(&v, p, 8);
	return v;
}

std::string_view unix_path(const uint8_t* p, size_t len) {
	const char* s = reinterpret_cast<const char*>(p);
	const void* nul = std::memchr(s, 0, len);
	return std::string_view(s, nul != nullptr ? static_cast<size_t>(static_cast<const char*>(nul) - s) : len);
}

}  // namespace

bool param_sockaddr(const param_view& p, socket_address& out) {
	out = socket_address{};
	if(p.len < 1) {
		return false;
	}
	out.family = p.data[0];
	switch(out.family) {
	case PPM_AF_INET:
		if(p.len < 7) {
			return false;
		}
		std::memcpy(out.dip, p.data + 1, 4);
		out.dport = read_u16(p.data + 5);
		return true;
	case PPM_AF_INET6:
		if(p.len < 19) {
			return false;
		}
		std::memcpy(out.dip, p.data + 1, 16);
		out.dport = read_u16(p.data + 17);
		return true;
	case PPM_AF_UNIX:
		out.path = unix_path(p.data + 1, p.len - 1);
		return true;
	default:
		return true;
	}
}

bool param_socktuple(const param_view& p, socket_address& out) {
	out = socket_address{};
	if(p.len < 1) {
		return false;
	}
	out.family = p.data[0];
	switch(out.family) {
	case PPM_AF_INET:
		if(p.len < 13) {
			return false;
		}
		std::memcpy(out.sip, p.data + 1, 4);
		out.sport = read_u16(p.data + 5);
		std::memcpy(out.dip, p.data + 7, 4);
		out.dport = read_u16(p.data + 11);
		return true;
	case PPM_AF_INET6:
		if(p.len < 37) {
			return false;
		}
		std::memcpy(out.sip, p.data + 1, 16);
		out.sport = read_u16(p.data + 17);
		std::memcpy(out.dip, p.data + 19, 16);
		out.dport = read_u16(p.data + 35);
		return true;
	case PPM_AF_UNIX:
		if(p.len < 17) {
			return false;
		}
		out.unix_src = read_u64(p.data + 1);
		out.unix_dst = read_u64(p.data + 9);
		out.path = unix_path(p.data + 17, p.len - 17);
		return true;
	default:
		return true;
	}
}

}  // namespace studio::reader
