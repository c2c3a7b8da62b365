// Hostile-input program for the k8s_audit source, built with AddressSanitizer and UBSan by
// fuzz.test.ts: for each audit file given, reads the original and thousands of mutations
// (truncations, flipped, inserted and deleted bytes, duplicated spans, deep nesting) with the
// audit reader and extracts every k8s_audit field, with and without index arguments, from
// every event read. Each input must end at end of file or with an error that has a message
// and an offset inside the text; anything else (or a sanitizer report) is a failure.
// Prints "fuzz: N inputs, E ended with an error, C clean, V events, F failures".
#include <cstdio>
#include <fstream>
#include <memory>
#include <random>
#include <sstream>
#include <string>
#include <vector>

#include "fields/k8s_audit_fields.h"
#include "sources/k8s_audit/audit_context.h"
#include "sources/k8s_audit/audit_reader.h"

using namespace studio;

namespace {

struct tally {
	uint64_t inputs = 0, errors = 0, clean = 0, events = 0, failures = 0;
};

std::vector<std::unique_ptr<fields::extractor>> all_extractors() {
	std::vector<std::unique_ptr<fields::extractor>> out;
	for(const fields::field_info& info : fields::k8s_audit_field_infos()) {
		std::string error;
		const char* args[] = {"0", "1", "7", "/requestObject/spec/containers/0/image", "command", "/a~1b~0c/0"};
		if(!info.arg_required) out.push_back(fields::create_k8s_audit_extractor(info.name, "", false, error));
		for(const char* arg : args) {
			auto e = fields::create_k8s_audit_extractor(info.name, arg, true, error);
			if(e) out.push_back(std::move(e));
		}
	}
	return out;
}

void run_one(const std::string& text, std::vector<std::unique_ptr<fields::extractor>>& extractors, tally& t) {
	t.inputs++;
	sources::k8s_audit::audit_reader reader;
	reader.open_text(text);
	sources::k8s_audit::audit_event event;
	sources::k8s_audit::audit_event_context ctx;
	std::vector<fields::field_value> values;
	for(;;) {
		const auto status = reader.next(event);
		if(status == sources::k8s_audit::audit_read_status::eof) {
			t.clean++;
			return;
		}
		if(status == sources::k8s_audit::audit_read_status::error) {
			const auto& e = reader.error();
			if(e.message.empty() || e.offset > text.size() || e.line == 0 || e.column == 0) {
				t.failures++;
				std::fprintf(stderr, "bad error report: '%s' at %llu\n", e.message.c_str(), static_cast<unsigned long long>(e.offset));
			}
			t.errors++;
			return;
		}
		t.events++;
		if(event.num != reader.events_read()) t.failures++;
		ctx.set(event);
		for(auto& x : extractors) {
			if(x->extract(ctx, values)) {
				for(const auto& v : values) {
					if(v.str.data() == nullptr && !v.str.empty()) t.failures++;
				}
			}
		}
	}
}

std::string mutate(const std::string& base, std::mt19937_64& rng) {
	std::string s = base;
	std::uniform_int_distribution<int> kind(0, 6);
	const size_t n = s.empty() ? 1 : s.size();
	std::uniform_int_distribution<size_t> at(0, n - 1);
	const char specials[] = "{}[]\",:\\0123456789tfnue-+. \n\x01\xff";
	std::uniform_int_distribution<size_t> special(0, sizeof(specials) - 2);
	const int rounds = 1 + static_cast<int>(rng() % 4);
	for(int r = 0; r < rounds && !s.empty(); r++) {
		switch(kind(rng)) {
		case 0: s.resize(at(rng) % s.size()); break;
		case 1: s[at(rng) % s.size()] = specials[special(rng)]; break;
		case 2: s.insert(at(rng) % s.size(), 1, specials[special(rng)]); break;
		case 3: s.erase(at(rng) % s.size(), 1 + rng() % 16); break;
		case 4: {
			const size_t from = at(rng) % s.size();
			s.insert(at(rng) % s.size(), s.substr(from, 1 + rng() % 64));
			break;
		}
		case 5: s[at(rng) % s.size()] ^= static_cast<char>(1u << (rng() % 8)); break;
		default: s.insert(at(rng) % s.size(), std::string(1 + rng() % 2000, rng() % 2 ? '[' : '{')); break;
		}
	}
	return s;
}

}  // namespace

int main(int argc, char** argv) {
	int per_file = 500;
	std::vector<std::string> files;
	for(int i = 1; i < argc; i++) {
		const std::string arg = argv[i];
		if(arg == "--per-file" && i + 1 < argc) {
			per_file = std::atoi(argv[++i]);
		} else {
			files.push_back(arg);
		}
	}
	auto extractors = all_extractors();
	tally t;
	std::mt19937_64 rng(20261123);
	for(const std::string& file : files) {
		std::ifstream in(file, std::ios::binary);
		std::stringstream buffer;
		buffer << in.rdbuf();
		const std::string base = buffer.str();
		run_one(base, extractors, t);
		run_one(base + "\n" + base, extractors, t);
		for(int i = 0; i < per_file; i++) run_one(mutate(base, rng), extractors, t);
	}
	std::printf("fuzz: %llu inputs, %llu ended with an error, %llu clean, %llu events, %llu failures\n",
	            static_cast<unsigned long long>(t.inputs), static_cast<unsigned long long>(t.errors),
	            static_cast<unsigned long long>(t.clean), static_cast<unsigned long long>(t.events),
	            static_cast<unsigned long long>(t.failures));
	return t.failures == 0 ? 0 : 1;
}
