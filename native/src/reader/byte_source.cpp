// File and memory byte sources, with gzip handled by zlib. A plain regular file is mapped
// read-only (no copy through the kernel or zlib); other files go through zlib's gzread, which
// reads plain data transparently and continues across concatenated members; the memory source
// uses the inflate API directly for the same behaviour.
#include "reader/byte_source.h"

#include <fcntl.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>
#include <zlib.h>

#include <algorithm>
#include <cerrno>
#include <cstring>

namespace studio::reader {

namespace {

class file_source : public byte_source {
public:
	explicit file_source(gzFile f) : m_file(f) {}
	~file_source() override { gzclose(m_file); }

	long read(uint8_t* dst, size_t len) override {
		size_t total = 0;
		while(total < len) {
			unsigned chunk = static_cast<unsigned>(std::min<size_t>(len - total, 1u << 30));
			int n = gzread(m_file, dst + total, chunk);
			if(n < 0) {
				int err = 0;
				const char* msg = gzerror(m_file, &err);
				m_message = std::string("decompression failed: ") + (msg != nullptr ? msg : "?");
				return -1;
			}
			if(n == 0) {
				// gzread reports a truncated gzip stream as end of data plus an error state.
				int err = 0;
				const char* msg = gzerror(m_file, &err);
				if(err != Z_OK && err != Z_STREAM_END) {
					m_message = std::string("decompression failed: ") + (msg != nullptr ? msg : "?");
					if(total == 0) {
						return -1;
					}
				}
				break;
			}
			total += static_cast<size_t>(n);
		}
		return static_cast<long>(total);
	}

private:
	gzFile m_file;
};

/** A plain regular file mapped read-only; read() copies from the mapping for completeness. */
class mapped_file_source : public byte_source {
public:
	mapped_file_source(const uint8_t* data, size_t len) : m_data(data), m_len(len) {}
	~mapped_file_source() override { munmap(const_cast<uint8_t*>(m_data), m_len); }

	long read(uint8_t* dst, size_t len) override {
		size_t n = std::min(len, m_len - m_pos);
		if(n > 0) std::memcpy(dst, m_data + m_pos, n);
		m_pos += n;
		return static_cast<long>(n);
	}
	const uint8_t* contiguous(size_t& len) const override {
		len = m_len;
		return m_data;
	}
	void release_before(size_t offset) override {
		// Whole pages only; the resident set then stays near the release step, not the file size.
		const size_t page = static_cast<size_t>(sysconf(_SC_PAGESIZE));
		const size_t end = std::min(offset, m_len) / page * page;
		if(end > m_released) {
			madvise(const_cast<uint8_t*>(m_data) + m_released, end - m_released, MADV_DONTNEED);
			m_released = end;
		}
	}

private:
	const uint8_t* m_data;
	size_t m_len;
	size_t m_pos = 0;
	size_t m_released = 0;
};

/** Maps fd when it is a plain (not gzip) regular file of at least two bytes; else null. */
std::unique_ptr<byte_source> map_plain_file(int fd) {
	struct stat st {};
	if(fstat(fd, &st) != 0 || !S_ISREG(st.st_mode) || st.st_size < 2) return nullptr;
	uint8_t magic[2] = {};
	if(pread(fd, magic, 2, 0) != 2 || (magic[0] == 0x1f && magic[1] == 0x8b)) return nullptr;
	size_t len = static_cast<size_t>(st.st_size);
	void* data = mmap(nullptr, len, PROT_READ, MAP_PRIVATE, fd, 0);
	if(data == MAP_FAILED) return nullptr;
	madvise(data, len, MADV_SEQUENTIAL);
	return std::make_unique<mapped_file_source>(static_cast<const uint8_t*>(data), len);
}

class memory_source : public byte_source {
public:
	memory_source(const uint8_t* data, size_t len) : m_data(data), m_len(len) {
		m_gzip = len >= 2 && data[0] == 0x1f && data[1] == 0x8b;
		if(m_gzip) {
			std::memset(&m_zs, 0, sizeof(m_zs));
			m_zs.next_in = const_cast<Bytef*>(data);
			m_zs.avail_in = static_cast<uInt>(len);
			m_inited = inflateInit2(&m_zs, 16 + MAX_WBITS) == Z_OK;
		}
	}
	~memory_source() override {
		if(m_inited) {
			inflateEnd(&m_zs);
		}
	}

	long read(uint8_t* dst, size_t len) override {
		if(!m_gzip) {
			size_t n = std::min(len, m_len - m_pos);
			if(n > 0) std::memcpy(dst, m_data + m_pos, n);
			m_pos += n;
			return static_cast<long>(n);
		}
		if(!m_inited) {
			m_message = "decompression failed: cannot initialise zlib";
			return -1;
		}
		size_t total = 0;
		while(total < len && !m_done) {
			m_zs.next_out = dst + total;
			m_zs.avail_out = static_cast<uInt>(std::min<size_t>(len - total, 1u << 30));
			uInt before = m_zs.avail_out;
			int rc = inflate(&m_zs, Z_NO_FLUSH);
			total += before - m_zs.avail_out;
			if(rc == Z_STREAM_END) {
				// Concatenated members continue the same stream; trailing garbage ends it.
				if(m_zs.avail_in >= 2 && m_zs.next_in[0] == 0x1f && m_zs.next_in[1] == 0x8b) {
					inflateReset(&m_zs);
				} else {
					m_done = true;
				}
			} else if(rc != Z_OK) {
				if(rc == Z_BUF_ERROR && m_zs.avail_in == 0) {
					m_message = "decompression failed: unexpected end of file";
				} else {
					m_message = std::string("decompression failed: ") +
					            (m_zs.msg != nullptr ? m_zs.msg : "corrupt data");
				}
				m_done = true;
				return total > 0 ? static_cast<long>(total) : -1;
			}
		}
		return static_cast<long>(total);
	}
	const uint8_t* contiguous(size_t& len) const override {
		len = m_gzip ? 0 : m_len;
		return m_gzip ? nullptr : m_data;
	}

private:
	const uint8_t* m_data;
	size_t m_len;
	size_t m_pos = 0;
	bool m_gzip = false;
	bool m_inited = false;
	bool m_done = false;
	z_stream m_zs{};
};

}  // namespace

std::unique_ptr<byte_source> open_file_source(const std::string& path, std::string& error) {
	int fd = open(path.c_str(), O_RDONLY | O_CLOEXEC);
	if(fd < 0) {
		error = "cannot open " + path + ": " + std::strerror(errno);
		return nullptr;
	}
	if(std::unique_ptr<byte_source> mapped = map_plain_file(fd)) {
		close(fd);  // the mapping stays valid
		return mapped;
	}
	gzFile f = gzdopen(fd, "rb");
	if(f == nullptr) {
		error = "cannot open " + path + ": " + std::strerror(errno);
		close(fd);
		return nullptr;
	}
	gzbuffer(f, 256 * 1024);
	return std::make_unique<file_source>(f);
}

std::unique_ptr<byte_source> open_memory_source(const uint8_t* data, size_t len) {
	return std::make_unique<memory_source>(data, len);
}

}  // namespace studio::reader
