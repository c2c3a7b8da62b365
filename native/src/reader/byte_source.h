// Byte sources for the capture reader: a file or a memory buffer, gzip or plain (detected from
// the first two bytes, concatenated gzip members read as one stream). A plain regular file is
// mapped into memory and a plain buffer is used as it is, so the reader slices blocks in place
// without copying (contiguous()); gzip and other files are streamed with read(). They only
// deliver bytes; framing and parsing are capture_reader's job.
#pragma once

#include <cstddef>
#include <cstdint>
#include <memory>
#include <string>

namespace studio::reader {

class byte_source {
public:
	virtual ~byte_source() = default;
	/**
	 * Reads up to len bytes. Returns the count (0 at the end); returns -1 on a decompression
	 * or I/O error, with message() set.
	 */
	virtual long read(uint8_t* dst, size_t len) = 0;
	/**
	 * The whole uncompressed content when it is already in memory (a mapped plain file, a
	 * plain buffer), valid while the source lives; null when it must be streamed with read().
	 */
	virtual const uint8_t* contiguous(size_t& len) const {
		len = 0;
		return nullptr;
	}
	/**
	 * Tells a contiguous source that bytes before `offset` will not be read again, so a mapped
	 * file can give their pages back (reading them again would still work).
	 */
	virtual void release_before(size_t /*offset*/) {}
	const std::string& message() const { return m_message; }

protected:
	std::string m_message;
};

/** Opens a file; null with error set when it cannot be opened. */
std::unique_ptr<byte_source> open_file_source(const std::string& path, std::string& error);
/** Wraps a memory buffer (not copied). */
std::unique_ptr<byte_source> open_memory_source(const uint8_t* data, size_t len);

}  // namespace studio::reader
