// A view of one event as stored in a capture block: the header fields and the parameter
// slices, pointing into the reader's block buffer (valid until the next read). It decodes
// nothing beyond lengths; typed decoding of values lives in reader/params.h. It does not own
// memory and knows nothing about threads or fds.
#pragma once

#include <cstdint>
#include <string_view>

namespace studio::reader {

/** Upper bound of parameters we keep offsets for (the widest event has 31). */
constexpr uint32_t MAX_PARAMS = 64;

/** The bytes of one parameter. len == 0 means "empty/absent". */
struct param_view {
	const uint8_t* data = nullptr;
	uint32_t len = 0;
};

/** dump_flags bit 0 of EVF blocks: apply to state only, do not show or evaluate. */
constexpr uint32_t DUMP_FLAG_STATE_ONLY = 1;

/** One event of a capture, with its parameters sliced. */
struct raw_event {
	/** 1-based ordinal of the event block in the file (hidden events included), like evt.num. */
	uint64_t num = 0;
	/** Uncompressed byte offset of the event's block. */
	uint64_t block_offset = 0;
	uint64_t ts = 0;
	uint64_t tid = 0;
	/** The event length from its header (v1 events: as stored, without the nparams field). */
	uint32_t len = 0;
	uint16_t type = 0;
	uint16_t cpuid = 0;
	uint32_t dump_flags = 0;
	/** Number of parameters present (recomputed for v1 headers; capped at the table's count). */
	uint32_t nparams = 0;
	param_view params[MAX_PARAMS];

	/** Parameter i, or an empty view when absent. */
	param_view param(uint32_t i) const {
		return i < nparams ? params[i] : param_view{};
	}
};

}  // namespace studio::reader
