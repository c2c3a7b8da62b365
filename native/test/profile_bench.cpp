// A native driver of profile_run for measuring the profiler's overhead without Node or the
// engine process, e.g. under `perf record`: replays a capture against a compiled rule set
// (JSON, format in server/src/compile/format.ts) in the given modes, interleaved, and prints
// the engine thread's CPU time per run and the medians. It checks nothing (bench/profile.js
// is the reference figure; test/integration/profile checks correctness).
// Build (as binding.gyp does, -O2): g++ -std=c++17 -O2 -Inative/src native/test/profile_bench.cpp
//   $(find native/src -name '*.cpp' -not -path '*/addon/*') -lz -o profile_bench
// Usage: profile_bench CAPTURE RULESET_JSON REPS [MODE...]   (modes: sample_every values, default 0 1 100;
//   "1/S" is full profiling with one read in S split into decode and state, for A/B of that knob)
#include <algorithm>
#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <map>
#include <sstream>
#include <string>
#include <vector>

#include "metrics/profile_run.h"

using namespace studio;

namespace {

bool read_file(const char* path, std::string& out) {
	std::ifstream in(path, std::ios::binary);
	if(!in) return false;
	std::ostringstream text;
	text << in.rdbuf();
	out = text.str();
	return true;
}

double run_once(const std::string& capture, const std::string& json, uint32_t sample_every, uint32_t split_every) {
	filter::compiled_rule_set set;
	std::string error;
	if(!filter::read_compiled_rule_set(json, set, error)) {
		std::fprintf(stderr, "rule set: %s\n", error.c_str());
		std::exit(2);
	}
	metrics::profile_run run;
	metrics::profile_options options;
	options.sample_every = sample_every;
	options.split_every = split_every;
	if(!run.open(std::move(set), capture, options, error)) {
		std::fprintf(stderr, "%s\n", error.c_str());
		std::exit(2);
	}
	ruleset::replay_run::step_status status;
	do {
		status = run.step(100000, error);
	} while(status == ruleset::replay_run::step_status::more);
	if(status == ruleset::replay_run::step_status::failed) {
		std::fprintf(stderr, "replay failed: %s\n", error.c_str());
		std::exit(2);
	}
	static bool s_printed = false;
	if(!s_printed) {
		s_printed = true;
		uint64_t evaluations = 0;
		for(const filter::compiled_rule& rule : run.rules().rules().rules)
			if(run.rules().is_selected(rule.id)) evaluations += run.rules().evaluations(rule.id);
		const ruleset::replay_stats& stats = run.stats();
		std::printf("events read %llu, delivered %llu, matched %llu, rule evaluations %llu\n",
		            static_cast<unsigned long long>(stats.events_read),
		            static_cast<unsigned long long>(stats.events_delivered),
		            static_cast<unsigned long long>(stats.events_matched), static_cast<unsigned long long>(evaluations));
	}
	return static_cast<double>(run.run_cpu_ns()) / 1e6;
}

}  // namespace

int main(int argc, char** argv) {
	if(argc < 4) {
		std::fprintf(stderr, "usage: profile_bench CAPTURE RULESET_JSON REPS [MODE...]\n");
		return 2;
	}
	std::string json;
	if(!read_file(argv[2], json)) {
		std::fprintf(stderr, "cannot read %s\n", argv[2]);
		return 2;
	}
	const int reps = std::atoi(argv[3]);
	// A mode is "N" (sample_every N) or "1/S" (split_every S).
	std::vector<std::string> modes;
	for(int i = 4; i < argc; i++) modes.push_back(argv[i]);
	if(modes.empty()) modes = {"0", "1", "100"};
	std::map<std::string, std::vector<double>> times;
	for(int rep = 0; rep < reps; rep++) {
		for(size_t k = 0; k < modes.size(); k++) {
			const std::string& mode = modes[(rep + k) % modes.size()];
			const size_t slash = mode.find('/');
			const uint32_t sample_every = static_cast<uint32_t>(std::atoi(mode.c_str()));
			const uint32_t split_every = slash == std::string::npos ? 0 : static_cast<uint32_t>(std::atoi(mode.c_str() + slash + 1));
			times[mode].push_back(run_once(argv[1], json, sample_every, split_every));
		}
	}
	double base = 0;
	for(const std::string& mode : modes) {
		std::vector<double>& t = times[mode];
		std::sort(t.begin(), t.end());
		double median = t[t.size() / 2];
		if(mode == "0") base = median;
		std::printf("sample_every %-6s median %7.1f ms CPU (min %7.1f)", mode.c_str(), median, t.front());
		if(mode != "0" && base > 0) std::printf("  overhead %5.1f %%", 100.0 * (median - base) / base);
		std::printf("\n");
	}
	return 0;
}
