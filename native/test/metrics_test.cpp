// Tests of the profiler's building blocks without Node: histogram buckets (bounds tile the
// whole uint64_t range, every value lands in the bucket that contains it), percentiles (exact
// for small values, ordered, within [min, max]), merging, the tick calibration, and the
// pipeline clock's branch classification, stage tiling and read splitting, driven through the
// same begin/end calls replay_run::step makes. Usage: metrics_test. Prints "N passed, M failed".
#include <algorithm>
#include <cstdio>
#include <random>
#include <vector>

#include "check.h"
#include "metrics/cycle_clock.h"
#include "metrics/histogram.h"
#include "metrics/pipeline_clock.h"

using namespace studio;
using metrics::log_histogram;

namespace {

void test_buckets() {
	// Consecutive buckets tile [0, UINT64_MAX]: each high is the next low.
	bool tiled = log_histogram::bucket_low(0) == 0;
	for(uint32_t i = 0; i + 1 < log_histogram::BUCKETS; i++) {
		tiled = tiled && log_histogram::bucket_high(i) == log_histogram::bucket_low(i + 1) &&
		        log_histogram::bucket_low(i) < log_histogram::bucket_high(i);
	}
	CHECK(tiled);
	CHECK(log_histogram::bucket_high(log_histogram::BUCKETS - 1) == UINT64_MAX);
	// Every value falls inside its bucket, and relative width stays at most 25 %.
	std::mt19937_64 rng(42);
	bool inside = true;
	bool narrow = true;
	for(int n = 0; n < 200000; n++) {
		uint64_t value = rng() >> (rng() % 64);
		uint32_t b = log_histogram::bucket_of(value);
		inside = inside && b < log_histogram::BUCKETS && log_histogram::bucket_low(b) <= value &&
		         (value < log_histogram::bucket_high(b) || b == log_histogram::BUCKETS - 1);
		uint64_t low = log_histogram::bucket_low(b);
		if(low >= 8 && b + 1 < log_histogram::BUCKETS)
			narrow = narrow && (log_histogram::bucket_high(b) - low) * 4 <= low;
	}
	CHECK(inside);
	CHECK(narrow);
	CHECK(log_histogram::bucket_of(UINT64_MAX) == log_histogram::BUCKETS - 1);
	bool exact = true;
	for(uint64_t v = 0; v < 2 * log_histogram::SUBS; v++) exact = exact && log_histogram::bucket_of(v) == v;
	CHECK(exact);
}

void test_percentiles() {
	log_histogram empty;
	CHECK(empty.count() == 0 && empty.min() == 0 && empty.max() == 0 && empty.percentile(0.5) == 0);
	// Small values are exact: 1..7 once each.
	log_histogram small;
	for(uint64_t v = 1; v <= 7; v++) small.record(v);
	CHECK(small.percentile(0.5) == 4);
	CHECK(small.percentile(1.0) == 7);
	CHECK(small.min() == 1 && small.max() == 7 && small.total() == 28);
	// Random latencies: ordered, inside [min, max], and within a bucket's width of the truth.
	std::mt19937_64 rng(7);
	std::lognormal_distribution<double> latency(5.0, 1.2);
	log_histogram h;
	std::vector<uint64_t> values;
	for(int n = 0; n < 50000; n++) {
		uint64_t v = static_cast<uint64_t>(latency(rng));
		values.push_back(v);
		h.record(v);
	}
	std::sort(values.begin(), values.end());
	double p50 = h.percentile(0.5), p90 = h.percentile(0.9), p99 = h.percentile(0.99);
	CHECK(static_cast<double>(h.min()) <= p50 && p50 <= p90 && p90 <= p99 && p99 <= static_cast<double>(h.max()));
	double true_p90 = static_cast<double>(values[static_cast<size_t>(0.9 * values.size()) - 1]);
	CHECK(p90 >= true_p90 * 0.75 && p90 <= true_p90 * 1.25);
	CHECK(h.min() == values.front() && h.max() == values.back());
	// Merging equals recording everything in one histogram.
	log_histogram a, b;
	for(size_t i = 0; i < values.size(); i++) (i % 2 ? a : b).record(values[i]);
	a.merge(b);
	CHECK(a.count() == h.count() && a.total() == h.total() && a.min() == h.min() && a.max() == h.max());
	CHECK(a.percentile(0.99) == h.percentile(0.99));
}

void test_calibration() {
	const metrics::tick_calibration& cal = metrics::calibration();
	CHECK(cal.ns_per_tick > 0.01 && cal.ns_per_tick < 100);
	CHECK(cal.overhead_ticks < 100000);
	uint64_t a = metrics::ticks();
	uint64_t b = metrics::ticks();
	CHECK(b >= a);
}

// One loop iteration as replay_run::step drives the clock; `evaluations` rule evaluations run
// the way ruleset::run_timed chains them (none: the stage's start may stay open).
void iterate(metrics::pipeline_clock& clock, metrics::stage_mark& mark, metrics::rule_probe& probe,
             ruleset::replay_stats& stats, bool delivered, bool matched, int evaluations = 1) {
	clock.begin(ruleset::stage::read);
	mark.mark();
	clock.end(ruleset::stage::read);
	if(!delivered) return;
	stats.events_delivered++;
	clock.begin(ruleset::stage::rules);
	if(evaluations > 0) {
		uint64_t start = probe.chain_start();
		for(int i = 0; i < evaluations; i++) {
			const uint64_t end = metrics::ticks();
			probe.record(0, matched && i + 1 == evaluations, end - start);
			start = end;
		}
		probe.set_chain(start);
	}
	clock.end(ruleset::stage::rules);
	clock.begin(ruleset::stage::output);
	if(matched) stats.events_matched++;
	clock.end(ruleset::stage::output);
}

// The clock measures every iteration it is given (profile_run does the sampling): each branch
// gets its iterations, stages tile the iteration, the output is timed only when it has work
// (or with --all-events), and one read in `split_every` is split into decode and state.
void test_clock(bool time_empty_output, uint32_t split_every) {
	metrics::rule_probe probe;
	probe.reset(4, 0);
	metrics::stage_mark mark;
	ruleset::replay_stats stats;
	metrics::pipeline_clock clock(probe, mark, stats, time_empty_output, split_every);
	const int n = 30000;
	uint64_t window = 0;
	uint64_t step_start = 0;
	for(int i = 0; i < n; i++) {
		// Steps of 1000 iterations, as the engine runs them between progress reports (and
		// profile_run closes each step).
		if(i % 1000 == 0) {
			if(i > 0) {
				clock.close();
				window += metrics::ticks() - step_start;
			}
			step_start = metrics::ticks();
			clock.resume();
		}
		// Delivered events without a rule to evaluate (i % 7 == 0) join the span a later tick closes.
		const bool matched = i % 5 == 0;
		iterate(clock, mark, probe, stats, i % 3 != 0, matched, matched || i % 7 != 0 ? 1 + i % 2 : 0);
	}
	clock.close();
	window += metrics::ticks() - step_start;
	using metrics::branch;
	using metrics::pipeline_stage;
	auto stage = [&](branch b, pipeline_stage s) -> const log_histogram& { return clock.stage(b, s); };
	CHECK(stage(branch::no_event, pipeline_stage::iteration).count() == 10000);
	CHECK(stage(branch::matched, pipeline_stage::iteration).count() == 4000);  // i % 5 == 0 and i % 3 != 0
	CHECK(stage(branch::no_match, pipeline_stage::iteration).count() == 16000);
	CHECK(stage(branch::no_event, pipeline_stage::rules).count() == 0);
	CHECK(stage(branch::matched, pipeline_stage::output).count() == 4000);
	CHECK(stage(branch::no_match, pipeline_stage::output).count() == (time_empty_output ? 16000u : 0u));
	uint64_t split = 0;
	for(size_t b = 0; b < metrics::BRANCH_COUNT; b++) {
		const branch br = static_cast<branch>(b);
		const log_histogram& it = stage(br, pipeline_stage::iteration);
		const log_histogram& read = stage(br, pipeline_stage::read);
		const log_histogram& decode = stage(br, pipeline_stage::decode);
		const log_histogram& state = stage(br, pipeline_stage::state);
		CHECK(read.count() == it.count());
		CHECK(decode.count() == state.count() && decode.count() <= read.count());
		CHECK(decode.total() + state.total() <= read.total());
		split += decode.count();
		if(br == branch::no_event) continue;
		// One tick ends a stage and starts the next: the stages add up to the iteration exactly.
		const uint64_t parts = read.total() + stage(br, pipeline_stage::rules).total() + stage(br, pipeline_stage::output).total();
		CHECK(parts == it.total());
		CHECK(stage(br, pipeline_stage::rules).count() == it.count());
	}
	// Every tick read inside a step is filed somewhere: the iterations tile the steps' time.
	uint64_t tiled = 0;
	for(size_t b = 0; b < metrics::BRANCH_COUNT; b++) tiled += stage(static_cast<branch>(b), pipeline_stage::iteration).total();
	CHECK(tiled <= window && tiled >= window / 2);
	// The rule samples fit in the rules stage.
	const uint64_t rule_time = probe.slots()[0].matched.total() + probe.slots()[0].not_matched.total();
	CHECK(rule_time <= stage(branch::matched, pipeline_stage::rules).total() + stage(branch::no_match, pipeline_stage::rules).total());
	if(split_every == 1) {
		CHECK(split == static_cast<uint64_t>(n));
	} else {
		const double expected = static_cast<double>(n) / split_every;
		CHECK(split > expected * 0.7 && split < expected * 1.3);
	}
}

// Time between two steps (the engine's JS ran) belongs to no iteration; with lazy reads
// (split_every > 1) the caller closes each step, as profile_run does.
void test_step_gap(uint32_t split_every) {
	metrics::rule_probe probe;
	probe.reset(1, 0);
	metrics::stage_mark mark;
	ruleset::replay_stats stats;
	metrics::pipeline_clock clock(probe, mark, stats, false, split_every);
	const uint64_t gap = static_cast<uint64_t>(2e6 / metrics::calibration().ns_per_tick);  // 2 ms
	for(int step = 0; step < 3; step++) {
		clock.resume();
		iterate(clock, mark, probe, stats, false, false);
		iterate(clock, mark, probe, stats, false, false);
		if(split_every > 1) clock.close();
		uint64_t start = metrics::ticks();
		while(metrics::ticks() - start < gap) {
		}
	}
	clock.close();
	const log_histogram& it = clock.stage(metrics::branch::no_event, metrics::pipeline_stage::iteration);
	CHECK(it.count() == 6);
	CHECK(it.max() < gap / 2);
}

}  // namespace

int main() {
	test_buckets();
	test_percentiles();
	test_calibration();
	test_clock(false, 1);
	test_clock(true, 1);
	test_clock(false, 8);
	test_clock(true, 8);
	test_step_gap(1);
	test_step_gap(8);
	return finish_checks();
}
