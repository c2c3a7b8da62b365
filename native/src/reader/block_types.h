// Block type ids of the capture format (official and internal pre-release ids) and the
// helpers that classify them. Internal to reader/.
#pragma once

#include <cstdint>

namespace studio::reader::block {

constexpr uint32_t SHB = 0x0A0D0D0A;
constexpr uint32_t SHB_MAGIC = 0x1A2B3C4D;
constexpr uint32_t MI = 0x201;
constexpr uint32_t MI_INT = 0x8002ABCD;
constexpr uint32_t FDL = 0x203;
constexpr uint32_t FDL_INT = 0x8001ABCD;
constexpr uint32_t FDL_V2 = 0x218;
constexpr uint32_t IL = 0x205;
constexpr uint32_t IL_INT = 0x8011ABCD;
constexpr uint32_t IL_V2 = 0x219;
constexpr uint32_t UL = 0x206;
constexpr uint32_t UL_INT = 0x8012ABCD;
constexpr uint32_t UL_V2 = 0x220;
constexpr uint32_t EV = 0x204;
constexpr uint32_t EV_INT = 0x8010ABCD;
constexpr uint32_t EVF = 0x208;
constexpr uint32_t EV_V2 = 0x216;
constexpr uint32_t EVF_V2 = 0x217;
constexpr uint32_t EV_V2_LARGE = 0x221;
constexpr uint32_t EVF_V2_LARGE = 0x222;

/** The process-list version (1..9) of a block type, or 0 when it is not a process list. */
inline int proclist_version(uint32_t type) {
	switch(type) {
	case 0x202:
	case 0x8000ABCD:
		return 1;
	case 0x207:
	case 0x8013ABCD:
		return 2;
	case 0x209:
	case 0x8014ABCD:
		return 3;
	case 0x210:
		return 4;
	case 0x211:
		return 5;
	case 0x212:
		return 6;
	case 0x213:
		return 7;
	case 0x214:
		return 8;
	case 0x215:
		return 9;
	default:
		return 0;
	}
}

inline bool is_event(uint32_t type) {
	return type == EV || type == EV_INT || type == EVF || type == EV_V2 || type == EVF_V2 ||
	       type == EV_V2_LARGE || type == EVF_V2_LARGE;
}

inline bool event_has_flags(uint32_t type) {
	return type == EVF || type == EVF_V2 || type == EVF_V2_LARGE;
}

inline bool event_is_v2(uint32_t type) {
	return type == EV_V2 || type == EVF_V2 || type == EV_V2_LARGE || type == EVF_V2_LARGE;
}

}  // namespace studio::reader::block
