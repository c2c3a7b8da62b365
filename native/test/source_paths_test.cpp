// The reader's three ways to get bytes must agree: a plain regular file is mapped and sliced in
// place, a pipe is streamed in chunks (with blocks straddling chunk boundaries), and a gzip
// file is inflated in chunks. For every capture given (gzip fixtures), and for truncations of
// each at block boundaries ±1 and at odd offsets, this checks that the mapped plain file, the
// streamed plain pipe and the gzip file give the same events (number, time, thread, type,
// parameter bytes), the same state (thread and fd counts) and, for truncations, the same error
// message and offset on the two plain paths; a mapped file that gives its read pages back
// early still reads the same events. Prints "N passed, M failed".
#include <fcntl.h>
#include <unistd.h>
#include <zlib.h>

#include <cstdint>
#include <cstdio>
#include <cstring>
#include <string>
#include <thread>
#include <vector>

#include "check.h"
#include "state/inspector.h"

using namespace studio;

namespace {

bool read_gzip_file(const std::string& path, std::vector<uint8_t>& out) {
	gzFile f = gzopen(path.c_str(), "rb");
	if(f == nullptr) return false;
	uint8_t buf[1 << 16];
	int n;
	while((n = gzread(f, buf, sizeof(buf))) > 0) out.insert(out.end(), buf, buf + n);
	gzclose(f);
	return n == 0;
}

bool write_file(const std::string& path, const uint8_t* data, size_t len) {
	FILE* f = std::fopen(path.c_str(), "wb");
	if(f == nullptr) return false;
	bool ok = std::fwrite(data, 1, len, f) == len;
	return std::fclose(f) == 0 && ok;
}

/** What a replay of the state saw: a digest of every event, the final status and state. */
struct trace {
	std::vector<uint64_t> digests;
	std::string status;
	uint64_t threads = 0;
	uint64_t fds = 0;
};

uint64_t digest(const reader::raw_event& e) {
	uint64_t h = 1469598103934665603ull;
	auto mix = [&h](const void* p, size_t n) {
		const uint8_t* b = static_cast<const uint8_t*>(p);
		for(size_t i = 0; i < n; i++) h = (h ^ b[i]) * 1099511628211ull;
	};
	mix(&e.num, 8);
	mix(&e.ts, 8);
	mix(&e.tid, 8);
	mix(&e.type, 2);
	mix(&e.nparams, 4);
	for(uint32_t i = 0; i < e.nparams; i++) {
		mix(&e.params[i].len, 4);
		if(e.params[i].len > 0) mix(e.params[i].data, e.params[i].len);
	}
	return h;
}

trace replay(state::inspector& insp, bool opened) {
	trace t;
	reader::read_status st = reader::read_status::error;
	if(opened) {
		while((st = insp.next()) == reader::read_status::event) t.digests.push_back(digest(*insp.current().evt));
	}
	t.status = st == reader::read_status::eof ? "eof"
	                                           : "error at " + std::to_string(insp.error().offset) + ": " + insp.error().message;
	state::inspector_stats s = insp.stats();
	t.threads = s.threads;
	t.fds = s.fds;
	return t;
}

trace replay_file(const std::string& path) {
	state::inspector insp;
	return replay(insp, insp.open_file(path));
}

/** Streams `data` through a pipe (not mappable), so the reader takes its chunked path. */
trace replay_pipe(const std::vector<uint8_t>& data) {
	int fds[2];
	if(pipe(fds) != 0) return trace{};
	std::thread writer([&data, fd = fds[1]] {
		size_t done = 0;
		while(done < data.size()) {
			ssize_t n = write(fd, data.data() + done, data.size() - done);
			if(n <= 0) break;
			done += static_cast<size_t>(n);
		}
		close(fd);
	});
	trace t = replay_file("/proc/self/fd/" + std::to_string(fds[0]));
	// Drain what the reader left (it stops at an error) so the writer can finish.
	uint8_t sink[4096];
	while(read(fds[0], sink, sizeof(sink)) > 0) {
	}
	writer.join();
	close(fds[0]);
	return t;
}

/** The reader alone on a mapped file that gives its pages back every `step` bytes. */
trace read_mapped_releasing(const std::string& path, size_t step) {
	reader::capture_reader r;
	reader::reader_limits limits;
	limits.release_step_bytes = step;
	r.set_limits(limits);
	reader::metadata_sink sink;  // the defaults ignore metadata
	trace t;
	reader::read_status st = reader::read_status::error;
	if(r.open_file(path)) {
		while((st = r.next(sink)) == reader::read_status::event) t.digests.push_back(digest(r.event()));
	}
	t.status = st == reader::read_status::eof ? "eof" : "error at " + std::to_string(r.error().offset) + ": " + r.error().message;
	return t;
}

bool same(const trace& a, const trace& b) {
	return a.digests == b.digests && a.status == b.status && a.threads == b.threads && a.fds == b.fds;
}

std::vector<size_t> block_ends(const std::vector<uint8_t>& d) {
	std::vector<size_t> ends;
	size_t at = 0;
	while(at + 8 <= d.size()) {
		uint32_t total;
		std::memcpy(&total, d.data() + at + 4, 4);
		if(total < 12 || at + total > d.size()) break;
		at += total;
		ends.push_back(at);
	}
	return ends;
}

}  // namespace

int main(int argc, char** argv) {
	const std::string tmp = "/tmp/source_paths_test_" + std::to_string(getpid()) + ".scap";
	for(int i = 1; i < argc; i++) {
		const std::string gz = argv[i];
		std::vector<uint8_t> plain;
		CHECK(read_gzip_file(gz, plain) && plain.size() > 1000);
		CHECK(write_file(tmp, plain.data(), plain.size()));
		trace mapped = replay_file(tmp);
		CHECK(mapped.status == "eof" && mapped.digests.size() > 100);
		CHECK(same(mapped, replay_file(gz)));
		CHECK(same(mapped, replay_pipe(plain)));
		// Pages given back every 4 KiB: the events are the same.
		trace released = read_mapped_releasing(tmp, 4096);
		CHECK(released.digests == mapped.digests && released.status == "eof");
		// Truncations: the mapped and the streamed plain paths stop with the same error.
		std::vector<size_t> cuts;
		std::vector<size_t> ends = block_ends(plain);
		for(size_t k = 0; k < ends.size(); k += 1 + ends.size() / 12) {
			cuts.push_back(ends[k] - 1);
			cuts.push_back(ends[k] + 1);
			cuts.push_back(ends[k] + 7);
		}
		int mismatches = 0;
		for(size_t cut : cuts) {
			if(cut >= plain.size()) continue;
			std::vector<uint8_t> part(plain.begin(), plain.begin() + static_cast<long>(cut));
			if(!write_file(tmp, part.data(), part.size())) mismatches++;
			trace a = replay_file(tmp);
			trace b = replay_pipe(part);
			if(!same(a, b) || a.status == "eof") {
				if(mismatches++ < 3) std::fprintf(stderr, "%s cut %zu: '%s' vs '%s'\n", gz.c_str(), cut, a.status.c_str(), b.status.c_str());
			}
		}
		CHECK(mismatches == 0);
	}
	unlink(tmp.c_str());
	return finish_checks();
}
