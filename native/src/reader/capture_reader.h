// Streams a .scap capture (gzip or plain, from a file or a memory buffer): checks block
// framing, decodes header-phase blocks into metadata records, and slices event blocks into
// raw_event views in place (a mapped plain file or a plain buffer is never copied; a stream is
// read in large chunks). Memory stays bounded by the largest block plus one chunk. On truncation or corruption it
// stops with an error that names the uncompressed byte offset; what was read before stays
// valid. It keeps no thread or fd state (that is state/).
#pragma once

#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "reader/metadata.h"
#include "reader/raw_event.h"

namespace studio::reader {

class byte_source;

/** Why reading stopped. */
struct read_error {
	std::string message;
	/** Uncompressed byte offset of the block (or byte) where the problem is. */
	uint64_t offset = 0;
	/** Number of event blocks fully read before the error. */
	uint64_t events_read = 0;
};

/** Outcome of capture_reader::next(). */
enum class read_status { event, eof, error };

/** Reader limits; bounded memory for hostile input. */
struct reader_limits {
	/** Largest block accepted, in bytes (LARGE event blocks included). */
	uint32_t max_block_bytes = 64u * 1024u * 1024u;
	/** A mapped capture gives back the pages it has read every this many bytes. */
	size_t release_step_bytes = 16u * 1024u * 1024u;
};

class capture_reader {
public:
	capture_reader();
	~capture_reader();
	capture_reader(const capture_reader&) = delete;
	capture_reader& operator=(const capture_reader&) = delete;

	/** Opens a file (gzip detected by content). False with error() set on failure. */
	bool open_file(const std::string& path);
	/** Reads from memory (plain or gzip); the buffer must outlive the reader. */
	bool open_buffer(const uint8_t* data, size_t len);

	/**
	 * Reads blocks until the next event. Header-phase blocks go to the sink. Returns event
	 * (then event() is valid until the next call), eof at a clean end, or error.
	 */
	read_status next(metadata_sink& sink);

	const raw_event& event() const { return m_event; }
	const read_error& error() const { return m_error; }
	/** Uncompressed bytes consumed so far. */
	uint64_t offset() const { return m_offset; }
	/** Event blocks read so far. */
	uint64_t events_read() const { return m_events; }
	void set_limits(const reader_limits& limits) { m_limits = limits; }

private:
	bool fail(const std::string& message, uint64_t offset);
	/** next()'s full loop: any block type, streams, framing errors. */
	read_status next_block(metadata_sink& sink);
	void attach_source();
	/**
	 * Makes `need` bytes available at m_view + m_pos when the source has them; `have` is what
	 * is available (less at the end of the data). False on a source error.
	 */
	bool fill(size_t need, size_t& have) {
		have = m_view_len - m_pos;
		return have >= need || m_whole || refill(need, have);
	}
	/** fill()'s streaming part: compacts the buffer and reads more. */
	bool refill(size_t need, size_t& have);
	bool parse_event_block(uint32_t type, const uint8_t* body, size_t len);
	/** v1 events: finds the parameter count from the lengths and slices; false when none fits. */
	template <size_t LENSIZE>
	bool slice_v1(const uint8_t* ev, size_t hsize, uint64_t evlen, uint32_t max_n);
	/** Slices n params when their lengths add up to evlen (0); else -1 (short) or 1 (long). */
	template <size_t LENSIZE>
	int try_v1_count(const uint8_t* ev, size_t hsize, uint64_t evlen, uint32_t n);

	std::unique_ptr<byte_source> m_source;
	/** Streamed sources: the buffer blocks are sliced from (unread bytes start at m_pos). */
	std::vector<uint8_t> m_block;
	/** The bytes in view: the whole mapped/plain content, or m_block's filled part. */
	const uint8_t* m_view = nullptr;
	size_t m_view_len = 0;
	size_t m_pos = 0;
	/** Mapped captures: bytes before this were handed back to the source. */
	size_t m_released = 0;
	bool m_whole = false;
	/** v1 events: the parameter count each event type had last (0xFF: none yet). */
	std::vector<uint8_t> m_v1_hint;
	raw_event m_event;
	read_error m_error;
	reader_limits m_limits;
	uint64_t m_offset = 0;
	uint64_t m_events = 0;
	bool m_in_events = false;
	bool m_seen_shb = false;
	bool m_failed = false;
};

}  // namespace studio::reader
