// Hostile-input test program: for every capture given on the command line it builds mutated
// copies in memory (truncations, random byte flips, absurd and zero block lengths, events whose
// lengths lie, loops of tiny blocks, truncated gzip) and runs each through the inspector and
// field extractors. Every input must end with a clean stop or an error that has a message and
// an offset inside the input; the sanitizer build turns any memory error into a failure.
// Usage: fuzz_reader [--seed N] [--per-capture N] CAPTURE...
// Prints "fuzz: N inputs ..." and exits 0 when every input behaved.
#include <zlib.h>

#include <cstdio>
#include <cstring>
#include <random>
#include <string>
#include <vector>

#include "fields/extractor.h"
#include "state/inspector.h"

using namespace studio;

namespace {

struct totals {
	uint64_t inputs = 0;
	uint64_t errors = 0;
	uint64_t clean = 0;
	uint64_t events = 0;
	uint64_t failures = 0;
};

std::vector<uint8_t> read_gz(const char* path) {
	std::vector<uint8_t> out;
	gzFile f = gzopen(path, "rb");
	if(f == nullptr) return out;
	uint8_t buf[65536];
	int n;
	while((n = gzread(f, buf, sizeof(buf))) > 0) out.insert(out.end(), buf, buf + n);
	gzclose(f);
	return out;
}

std::vector<uint8_t> read_raw(const char* path) {
	std::vector<uint8_t> out;
	FILE* f = std::fopen(path, "rb");
	if(f == nullptr) return out;
	uint8_t buf[65536];
	size_t n;
	while((n = std::fread(buf, 1, sizeof(buf), f)) > 0) out.insert(out.end(), buf, buf + n);
	std::fclose(f);
	return out;
}

/** Byte offsets of every block in a well-formed plain capture. */
std::vector<size_t> block_offsets(const std::vector<uint8_t>& d) {
	std::vector<size_t> offs;
	size_t pos = 0;
	while(pos + 8 <= d.size()) {
		uint32_t len;
		std::memcpy(&len, d.data() + pos + 4, 4);
		if(len < 12 || pos + len > d.size()) break;
		offs.push_back(pos);
		pos += len;
	}
	return offs;
}

void put32(std::vector<uint8_t>& d, size_t at, uint32_t v) {
	if(at + 4 <= d.size()) std::memcpy(d.data() + at, &v, 4);
}

std::vector<std::unique_ptr<fields::extractor>> all_extractors() {
	std::vector<std::unique_ptr<fields::extractor>> out;
	for(const fields::field_info& f : fields::registry()) {
		std::string error;
		bool needs = f.arg_required;
		std::string arg = f.arg == fields::arg_kind::index ? "1" : "name";
		auto ex = fields::create_extractor(f.name, needs ? arg : std::string(), needs, error);
		if(ex != nullptr) out.push_back(std::move(ex));
		if(f.arg == fields::arg_kind::index) {
			ex = fields::create_extractor(f.name, "2", true, error);
			if(ex != nullptr) out.push_back(std::move(ex));
		}
	}
	return out;
}

/** Runs one input; returns false (and reports) when the outcome breaks the contract. */
bool run_one(const std::vector<uint8_t>& input, const std::string& what, totals& t,
             std::vector<std::unique_ptr<fields::extractor>>& extractors, bool all_fields) {
	state::inspector insp;
	state::inspector_limits limits;
	limits.max_threads = 4096;
	limits.max_fds_per_process = 4096;
	insp.set_limits(limits);
	insp.open_buffer(input.data(), input.size());
	std::vector<fields::field_value> values;
	std::string text;
	uint64_t n = 0;
	t.inputs++;
	for(;;) {
		reader::read_status st = insp.next();
		if(st == reader::read_status::eof) {
			t.clean++;
			break;
		}
		if(st == reader::read_status::error) {
			t.errors++;
			const reader::read_error& e = insp.error();
			if(e.message.empty()) {
				std::fprintf(stderr, "FAIL %s: error without a message\n", what.c_str());
				t.failures++;
				return false;
			}
			break;
		}
		n++;
		const state::event_context& ctx = insp.current();
		size_t limit = all_fields ? extractors.size() : 13;
		for(size_t i = 0; i < limit && i < extractors.size(); i++) {
			if(extractors[i]->extract(ctx, values)) {
				text.clear();
				for(const auto& v : values) fields::format_value(extractors[i]->type(), v, text);
			}
		}
	}
	state::inspector_stats s = insp.stats();
	if(s.threads > 4096 + 1) {
		std::fprintf(stderr, "FAIL %s: %llu threads despite the limit\n", what.c_str(),
		             static_cast<unsigned long long>(s.threads));
		t.failures++;
		return false;
	}
	t.events += n;
	return true;
}

}  // namespace

int main(int argc, char** argv) {
	uint32_t seed = 1;
	int per_capture = 1000;
	std::vector<const char*> captures;
	for(int i = 1; i < argc; i++) {
		if(std::strcmp(argv[i], "--seed") == 0 && i + 1 < argc) {
			seed = static_cast<uint32_t>(std::stoul(argv[++i]));
		} else if(std::strcmp(argv[i], "--per-capture") == 0 && i + 1 < argc) {
			per_capture = std::stoi(argv[++i]);
		} else {
			captures.push_back(argv[i]);
		}
	}
	std::mt19937 rng(seed);
	totals t;
	// The oracle columns first, so the cheap runs extract exactly those.
	std::vector<std::unique_ptr<fields::extractor>> extractors;
	for(const char* name : {"evt.num", "evt.type", "evt.dir", "thread.tid", "proc.name", "proc.cmdline", "proc.pname",
	                        "proc.exepath", "fd.num", "fd.type", "fd.name", "user.name", "evt.res"}) {
		std::string error;
		extractors.push_back(fields::create_extractor(name, "", false, error));
	}
	for(auto& ex : all_extractors()) extractors.push_back(std::move(ex));

	for(const char* path : captures) {
		std::vector<uint8_t> plain = read_gz(path);
		std::vector<uint8_t> gz = read_raw(path);
		std::vector<size_t> blocks = block_offsets(plain);
		if(plain.empty() || blocks.empty()) {
			std::fprintf(stderr, "cannot read %s\n", path);
			return 2;
		}
		std::string name = path;
		int budget = per_capture;
		// 1. The intact file, with every field.
		run_one(plain, name + " intact", t, extractors, true);
		// 2. Truncations at block boundaries ±1 and at random offsets.
		for(int i = 0; i < budget / 5; i++) {
			size_t cut = (i % 2 == 0) ? blocks[rng() % blocks.size()] + (rng() % 3) - 1 : rng() % plain.size();
			std::vector<uint8_t> m(plain.begin(), plain.begin() + std::min(cut, plain.size()));
			run_one(m, name + " truncated at " + std::to_string(cut), t, extractors, false);
		}
		// 3. Random byte flips (1-8 bytes), some inside block headers and event headers.
		for(int i = 0; i < budget / 2; i++) {
			std::vector<uint8_t> m = plain;
			int flips = 1 + static_cast<int>(rng() % 8);
			for(int k = 0; k < flips; k++) {
				size_t at = (k % 2 == 0) ? blocks[rng() % blocks.size()] + rng() % 40 : rng() % m.size();
				if(at < m.size()) m[at] ^= static_cast<uint8_t>(1u << (rng() % 8));
			}
			run_one(m, name + " flipped #" + std::to_string(i), t, extractors, i % 50 == 0);
		}
		// 4. Absurd, zero and tiny block lengths, and lying event/param lengths.
		static const uint32_t lengths[] = {0, 4, 8, 12, 13, 16, 0x7FFFFFFC, 0xFFFFFFFC, 0xFFFFFFFF, 65536 + 12};
		for(int i = 0; i < budget / 10; i++) {
			std::vector<uint8_t> m = plain;
			size_t b = blocks[rng() % blocks.size()];
			switch(i % 4) {
			case 0: put32(m, b + 4, lengths[rng() % 10]); break;
			case 1: put32(m, b + 8 + 2 + 16, lengths[rng() % 10]); break;  // event len
			case 2: put32(m, b + 8 + 2 + 22, 0xFFFFFFF0u - (rng() % 16)); break;  // v2 nparams
			default: put32(m, b + 8 + 2 + 22 + 4 + 2 * (rng() % 4), rng()); break;  // param lengths
			}
			run_one(m, name + " length #" + std::to_string(i), t, extractors, false);
		}
		// 5. Truncated gzip streams.
		for(int i = 0; i < budget / 20; i++) {
			size_t cut = 10 + rng() % (gz.size() - 10);
			std::vector<uint8_t> m(gz.begin(), gz.begin() + cut);
			run_one(m, name + " gzip truncated at " + std::to_string(cut), t, extractors, false);
		}
		// 6. Random garbage after a valid header phase.
		for(int i = 0; i < budget / 20; i++) {
			std::vector<uint8_t> m(plain.begin(), plain.begin() + blocks[std::min<size_t>(blocks.size() - 1, 5)]);
			size_t extra = rng() % 4096;
			for(size_t k = 0; k < extra; k++) m.push_back(static_cast<uint8_t>(rng()));
			run_one(m, name + " garbage #" + std::to_string(i), t, extractors, false);
		}
	}
	// 7. Loops of tiny blocks: 200,000 empty unknown blocks, then 12-byte event blocks.
	if(!captures.empty()) {
		std::vector<uint8_t> plain = read_gz(captures[0]);
		std::vector<size_t> blocks = block_offsets(plain);
		std::vector<uint8_t> m(plain.begin(), plain.begin() + blocks[1]);
		for(int k = 0; k < 200000; k++) {
			uint32_t blk[3] = {0x7777, 12, 12};
			m.insert(m.end(), reinterpret_cast<uint8_t*>(blk), reinterpret_cast<uint8_t*>(blk) + 12);
		}
		run_one(m, "tiny unknown blocks", t, extractors, false);
		for(int k = 0; k < 1000; k++) {
			uint32_t blk[3] = {0x216, 12, 12};
			m.insert(m.end(), reinterpret_cast<uint8_t*>(blk), reinterpret_cast<uint8_t*>(blk) + 12);
		}
		run_one(m, "tiny event blocks", t, extractors, false);

		// 8. Many threads with huge enter events: stored enters stay bounded (not kept > 8 KiB).
		std::vector<uint8_t> big(plain.begin(), plain.begin() + blocks[1]);
		std::string name(60000, 'a');
		for(uint64_t tid = 1; tid <= 3000; tid++) {
			// EV_V2 open enter (type 2): name, flags, mode.
			uint32_t plen[3] = {static_cast<uint32_t>(name.size() + 1), 4, 4};
			uint32_t evlen = 26 + 6 + plen[0] + 8;
			uint32_t total = (12 + 2 + evlen + 3) & ~3u;
			std::vector<uint8_t> b(total, 0);
			uint32_t type = 0x216;
			std::memcpy(&b[0], &type, 4);
			std::memcpy(&b[4], &total, 4);
			uint64_t ts = tid;
			std::memcpy(&b[10], &ts, 8);
			std::memcpy(&b[18], &tid, 8);
			std::memcpy(&b[26], &evlen, 4);
			uint16_t etype = 2;
			std::memcpy(&b[30], &etype, 2);
			uint32_t np = 3;
			std::memcpy(&b[32], &np, 4);
			for(int k = 0; k < 3; k++) {
				uint16_t l = static_cast<uint16_t>(plen[k] > 65535 ? 65535 : plen[k]);
				std::memcpy(&b[36 + 2 * k], &l, 2);
			}
			std::memcpy(&b[42], name.data(), name.size());
			std::memcpy(&b[total - 4], &total, 4);
			big.insert(big.end(), b.begin(), b.end());
		}
		state::inspector insp;
		insp.open_buffer(big.data(), big.size());
		while(insp.next() == reader::read_status::event) {
		}
		state::inspector_stats s = insp.stats();
		t.inputs++;
		if(s.enters_not_stored != 3000 || s.threads < 3000) {
			std::fprintf(stderr, "FAIL huge enters: %llu not stored, %llu threads, %s\n",
			             static_cast<unsigned long long>(s.enters_not_stored), static_cast<unsigned long long>(s.threads),
			             insp.error().message.c_str());
			t.failures++;
		}
	}
	std::printf("fuzz: %llu inputs, %llu ended with an error, %llu clean, %llu events, %llu failures\n",
	            static_cast<unsigned long long>(t.inputs), static_cast<unsigned long long>(t.errors),
	            static_cast<unsigned long long>(t.clean), static_cast<unsigned long long>(t.events),
	            static_cast<unsigned long long>(t.failures));
	return t.failures == 0 ? 0 : 1;
}
