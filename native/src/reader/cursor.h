// A bounds-checked little-endian cursor over a byte range, used by the block parsers. Every
// read past the end sets ok = false and returns zero values instead of reading out of bounds.
// Internal to reader/.
#pragma once

#include <cstdint>
#include <cstring>
#include <string>

namespace studio::reader {

struct cursor {
	const uint8_t* data;
	size_t len;
	size_t pos = 0;
	bool ok = true;

	cursor(const uint8_t* d, size_t l) : data(d), len(l) {}

	size_t remaining() const { return pos <= len ? len - pos : 0; }

	bool take(void* dst, size_t n) {
		if(!ok || n > remaining()) {
			ok = false;
			std::memset(dst, 0, n);
			return false;
		}
		std::memcpy(dst, data + pos, n);
		pos += n;
		return true;
	}
	uint8_t u8() {
		uint8_t v;
		take(&v, 1);
		return v;
	}
	uint16_t u16() {
		uint16_t v;
		take(&v, 2);
		return v;
	}
	uint32_t u32() {
		uint32_t v;
		take(&v, 4);
		return v;
	}
	uint64_t u64() {
		uint64_t v;
		take(&v, 8);
		return v;
	}
	int64_t i64() { return static_cast<int64_t>(u64()); }
	void bytes(uint8_t* dst, size_t n) { take(dst, n); }
	bool skip(size_t n) {
		if(!ok || n > remaining()) {
			ok = false;
			return false;
		}
		pos += n;
		return true;
	}
	/** A u16-length-prefixed string; fails when the length exceeds max. */
	std::string lstr(size_t max) {
		uint16_t n = u16();
		if(!ok || n > max || n > remaining()) {
			ok = false;
			return std::string();
		}
		std::string s(reinterpret_cast<const char*>(data + pos), n);
		pos += n;
		return s;
	}
};

}  // namespace studio::reader
