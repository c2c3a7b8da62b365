// The block loop: framing checks (length ≥ 12, multiple of 4, trailer equals length), section
// headers, metadata dispatch and event slicing (v1 headers without nparams, v2 headers, flag
// blocks, u16/u32 length arrays by event type). Every failure records the uncompressed byte
// offset; the reader then stays failed and keeps what it had delivered.
#include "reader/capture_reader.h"

#include <algorithm>
#include <cstring>

#include "reader/block_types.h"
#include "reader/byte_source.h"
#include "reader/metadata_blocks.h"
#include "schema/event_table.h"

namespace studio::reader {

namespace {

constexpr size_t V1_HEADER = 22;
constexpr size_t V2_HEADER = 26;
/** A stream's buffer grows in steps so a lying length on a truncated file does not allocate it all. */
constexpr size_t READ_STEP = 1u << 20;
/** Streams (gzip, pipes) are read in chunks of at least this size and sliced in place. */
constexpr size_t STREAM_CHUNK = 256u * 1024u;

uint16_t le16(const uint8_t* p) {
	uint16_t v;
	std::memcpy(&v, p, 2);
	return v;
}
uint32_t le32(const uint8_t* p) {
	uint32_t v;
	std::memcpy(&v, p, 4);
	return v;
}
uint64_t le64(const uint8_t* p) {
	uint64_t v;
	std::memcpy(&v, p, 8);
	return v;
}

std::string hex(uint32_t v) {
	char buf[16];
	std::snprintf(buf, sizeof(buf), "0x%x", v);
	return buf;
}

}  // namespace

capture_reader::capture_reader() : m_v1_hint(schema::EVENT_COUNT, 0xFF) {}
capture_reader::~capture_reader() = default;

bool capture_reader::open_file(const std::string& path) {
	std::string error;
	m_source = open_file_source(path, error);
	if(m_source == nullptr) {
		return fail(error, 0);
	}
	attach_source();
	return true;
}

bool capture_reader::open_buffer(const uint8_t* data, size_t len) {
	m_source = open_memory_source(data, len);
	attach_source();
	return true;
}

void capture_reader::attach_source() {
	size_t len = 0;
	const uint8_t* whole = m_source->contiguous(len);
	m_whole = whole != nullptr;
	m_view = whole;
	m_view_len = m_whole ? len : 0;
	m_pos = 0;
	m_released = 0;
}

bool capture_reader::fail(const std::string& message, uint64_t offset) {
	m_failed = true;
	m_error.message = message;
	m_error.offset = offset;
	m_error.events_read = m_events;
	return false;
}

bool capture_reader::refill(size_t need, size_t& have) {
	// Keep the unread tail at the start of the buffer, then read after it. The buffer grows
	// by at most READ_STEP per read, so a lying length on a short stream allocates little.
	if(m_pos > 0 && have > 0) {
		std::memmove(m_block.data(), m_block.data() + m_pos, have);
	}
	m_pos = 0;
	m_view_len = have;
	const size_t want = std::max(need, STREAM_CHUNK);
	while(have < need) {
		if(m_block.size() < want) {
			m_block.resize(std::min(want, have + READ_STEP));
		}
		m_view = m_block.data();
		long n = m_source->read(m_block.data() + have, m_block.size() - have);
		if(n < 0) {
			return false;
		}
		if(n == 0) {
			break;
		}
		have += static_cast<size_t>(n);
		m_view_len = have;
	}
	m_view = m_block.data();
	return true;
}

read_status capture_reader::next(metadata_sink& sink) {
	// Fast path: a whole event block in view that passes every framing check (what nearly
	// every block of a mapped capture is); anything else goes through the full loop below.
	if(m_whole && m_seen_shb && !m_failed && m_view_len - m_pos >= 8) {
		const uint8_t* head = m_view + m_pos;
		const uint32_t type = le32(head);
		const uint32_t total = le32(head + 4);
		if(block::is_event(type) && total >= 12 && total % 4 == 0 && total <= m_limits.max_block_bytes &&
		   total <= m_view_len - m_pos && le32(head + total - 4) == total) {
			m_event.block_offset = m_offset;
			m_pos += total;
			m_offset += total;
			m_in_events = true;
			if(m_pos - m_released >= m_limits.release_step_bytes) {
				// Blocks before this one are never read again (events are copied or parsed).
				m_released = m_pos - total;
				m_source->release_before(m_released);
			}
			if(!parse_event_block(type, head + 8, total - 12)) {
				return read_status::error;
			}
			if(m_event.type != 0xFFFF) {
				return read_status::event;
			}
			// An id past our table was skipped: read on.
		}
	}
	return next_block(sink);
}

read_status capture_reader::next_block(metadata_sink& sink) {
	if(m_failed || m_source == nullptr) {
		if(!m_failed) fail("no capture open", 0);
		return read_status::error;
	}
	for(;;) {
		// 1. Block header.
		uint64_t start = m_offset;
		size_t got = 0;
		if(!fill(8, got)) {
			fail(m_source->message(), m_offset + got);
			return read_status::error;
		}
		if(got == 0) {
			if(!m_seen_shb) {
				fail("empty file: no section header block", 0);
				return read_status::error;
			}
			if(!m_source->message().empty()) {
				fail(m_source->message(), m_offset);
				return read_status::error;
			}
			return read_status::eof;
		}
		if(got < 8) {
			fail("truncated block header: " + std::to_string(got) + " of 8 bytes", start);
			return read_status::error;
		}
		const uint8_t* head = m_view + m_pos;
		uint32_t type = le32(head);
		uint32_t total = le32(head + 4);
		if(!m_seen_shb && type != block::SHB) {
			fail("not a capture file: the first block is not a section header (type " + hex(type) + ")", start);
			return read_status::error;
		}
		if(total < 12 || total % 4 != 0) {
			fail("invalid block length " + std::to_string(total) + " (block type " + hex(type) + ")", start);
			return read_status::error;
		}
		if(total > m_limits.max_block_bytes) {
			fail("block length " + std::to_string(total) + " exceeds the limit of " +
			         std::to_string(m_limits.max_block_bytes) + " bytes",
			     start);
			return read_status::error;
		}
		// 2. The whole block (header, body, trailer) in view.
		if(!fill(total, got)) {
			fail(m_source->message(), m_offset + got);
			return read_status::error;
		}
		if(got < total) {
			std::string why = m_source->message().empty() ? "" : " (" + m_source->message() + ")";
			fail("truncated block: expected " + std::to_string(total) + " bytes, file ends after " +
			         std::to_string(got) + why,
			     start);
			return read_status::error;
		}
		const uint8_t* whole_block = m_view + m_pos;
		m_pos += total;
		m_offset += total;
		const size_t need = total - 8;
		uint32_t trailer = le32(whole_block + 8 + need - 4);
		if(trailer != total) {
			fail("block trailer " + std::to_string(trailer) + " does not match block length " + std::to_string(total),
			     start);
			return read_status::error;
		}
		const uint8_t* body = whole_block + 8;
		size_t body_len = total - 12;
		// 3. Dispatch.
		if(type == block::SHB) {
			if(body_len < 16) {
				fail("section header block too short", start);
				return read_status::error;
			}
			uint32_t magic = le32(body);
			if(magic != block::SHB_MAGIC) {
				fail("invalid magic number " + hex(magic) + " in section header", start);
				return read_status::error;
			}
			uint16_t major = le16(body + 4);
			if(major > 1) {
				fail("unsupported capture version " + std::to_string(major) + "." + std::to_string(le16(body + 6)),
				     start);
				return read_status::error;
			}
			m_seen_shb = true;
			m_in_events = false;
			sink.on_section(major, le16(body + 6));
			continue;
		}
		if(block::is_event(type)) {
			m_in_events = true;
			m_event.block_offset = start;
			if(!parse_event_block(type, body, body_len)) {
				return read_status::error;
			}
			if(m_event.type == 0xFFFF) {
				continue;  // an id past our table: skipped like libscap does
			}
			return read_status::event;
		}
		// Metadata after events: a new section without SHB; the header phase restarts.
		m_in_events = false;
		bool handled = false;
		std::string error;
		size_t error_pos = 0;
		if(!parse_metadata(type, body, body_len, sink, handled, error, error_pos)) {
			fail(error + " (block type " + hex(type) + ")", start + 8 + error_pos);
			return read_status::error;
		}
	}
}

bool capture_reader::parse_event_block(uint32_t type, const uint8_t* body, size_t len) {
	uint64_t at = m_event.block_offset;
	size_t pre = block::event_has_flags(type) ? 6 : 2;
	bool v2 = block::event_is_v2(type);
	size_t hsize = v2 ? V2_HEADER : V1_HEADER;
	if(len < pre + hsize) {
		return fail("event block too short for an event header (" + std::to_string(len) + " bytes)", at);
	}
	raw_event& e = m_event;
	e.cpuid = le16(body);
	e.dump_flags = pre == 6 ? le32(body + 2) : 0;
	const uint8_t* ev = body + pre;
	e.ts = le64(ev);
	e.tid = le64(ev + 8);
	e.len = le32(ev + 16);
	e.type = le16(ev + 20);
	e.nparams = 0;
	if(e.len < hsize) {
		return fail("event length " + std::to_string(e.len) + " is smaller than its header", at);
	}
	if(e.len > len - pre) {
		return fail("event length " + std::to_string(e.len) + " runs past its block (" +
		                std::to_string(len - pre) + " bytes)",
		            at);
	}
	const schema::event_info* info = schema::event_by_type(e.type);
	if(info == nullptr) {
		// A newer producer's event: libscap skips it silently, so it gets no evt.num either.
		e.type = 0xFFFF;
		return true;
	}
	m_events++;
	e.num = m_events;
	const bool large = (info->flags & schema::EF_LARGE_PAYLOAD) != 0;
	const size_t lensize = large ? 4 : 2;
	if(!v2) {
		// v1 headers carry no nparams: find the count whose lengths add up to len, slicing
		// the params on the way (the first count tried is nearly always the right one).
		uint64_t evlen = e.len;
		if(e.type == 280 || e.type == 286) {
			evlen = evlen >= hsize + 3 ? evlen - 3 : evlen;
		}
		bool found = large ? slice_v1<4>(ev, hsize, evlen, info->nparams) : slice_v1<2>(ev, hsize, evlen, info->nparams);
		if(!found) {
			e.nparams = 0;
			return fail("corrupted event #" + std::to_string(e.num) + ": parameter lengths do not add up to its length " +
			                std::to_string(e.len),
			            at);
		}
		return true;
	}
	const uint64_t evlen = e.len;
	const uint64_t nparams = le32(ev + 22);
	if(hsize + lensize * nparams > evlen) {
		return fail("event #" + std::to_string(e.num) + " has " + std::to_string(nparams) +
		                " parameters, more than its length allows",
		            at);
	}
	// Slice the params; keep at most the table's count (a newer producer may append more).
	uint64_t off = hsize + lensize * nparams;
	uint32_t keep = static_cast<uint32_t>(std::min<uint64_t>(nparams, std::min<uint32_t>(info->nparams, MAX_PARAMS)));
	for(uint64_t i = 0; i < nparams; i++) {
		const uint8_t* lp = ev + hsize + lensize * i;
		uint32_t plen = lensize == 2 ? le16(lp) : le32(lp);
		if(off + plen > evlen) {
			return fail("event #" + std::to_string(e.num) + ": parameter " + std::to_string(i) + " runs past the event end",
			            at);
		}
		if(i < keep) {
			e.params[i].data = ev + off;
			e.params[i].len = plen;
		}
		off += plen;
	}
	e.nparams = keep;
	return true;
}

template <size_t LENSIZE>
int capture_reader::try_v1_count(const uint8_t* ev, size_t hsize, uint64_t evlen, uint32_t n) {
	raw_event& e = m_event;
	uint64_t off = hsize + LENSIZE * static_cast<uint64_t>(n);
	if(off > evlen) return 1;
	const uint8_t* lp = ev + hsize;
	for(uint32_t i = 0; i < n; i++, lp += LENSIZE) {
		uint32_t plen = LENSIZE == 2 ? le16(lp) : le32(lp);
		if(i < MAX_PARAMS) {
			e.params[i].data = ev + off;
			e.params[i].len = plen;
		}
		off += plen;
	}
	if(off != evlen) return off < evlen ? -1 : 1;
	// Every slice ends inside the event: the lengths add up to exactly its length.
	e.nparams = std::min<uint32_t>(n, MAX_PARAMS);
	return 0;
}

template <size_t LENSIZE>
bool capture_reader::slice_v1(const uint8_t* ev, size_t hsize, uint64_t evlen, uint32_t max_n) {
	// The total hsize + LENSIZE * n + (sum of the first n lengths) grows strictly with n (the
	// length slots sit at the same places whatever n is), so at most one count fits: try the
	// count this event type had last time, then search down from the table's count.
	uint8_t& hint = m_v1_hint[m_event.type];
	if(hint <= max_n && try_v1_count<LENSIZE>(ev, hsize, evlen, hint) == 0) return true;
	for(int64_t n = max_n; n >= 0; n--) {
		int r = try_v1_count<LENSIZE>(ev, hsize, evlen, static_cast<uint32_t>(n));
		if(r == 0) {
			hint = static_cast<uint8_t>(n);
			return true;
		}
		if(r < 0) break;
	}
	return false;
}

}  // namespace studio::reader
