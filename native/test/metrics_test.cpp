// Tests of the profiler's building blocks without Node: histogram buckets (bounds tile the
// whole uint64_t range, every value lands in the bucket that contains it), percentiles (exact
// for small values, ordered, within [min, max]), merging, the tick calibration, and the
// pipeline clock's branch classification and sampling driven through the same begin/end
// calls replay_run::step makes. Usage: metrics_test. Prints "N passed, M failed".
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

// One loop iteration as replay_run::step drives the clock.
void iterate(metrics::pipeline_clock& clock, metrics::stage_mark& mark, ruleset::replay_stats& stats, bool delivered,
             bool matched) {
	clock.begin(ruleset::stage::read);
	mark.mark();
	clock.end(ruleset::stage::read);
	if(!delivered) return;
	stats.events_delivered++;
	clock.begin(ruleset::stage::rules);
	clock.end(ruleset::stage::rules);
	clock.begin(ruleset::stage::output);
	if(matched) stats.events_matched++;
	clock.end(ruleset::stage::output);
}

void test_clock(uint32_t sample_every) {
	metrics::rule_probe probe;
	probe.reset(4, 0);
	metrics::stage_mark mark;
	ruleset::replay_stats stats;
	metrics::pipeline_clock clock(probe, mark, stats, sample_every);
	const int n = 30000;
	int armed = 0;
	for(int i = 0; i < n; i++) {
		// Steps of 1000 iterations, as the engine runs them between progress reports.
		if(i % 1000 == 0) clock.resume();
		iterate(clock, mark, stats, i % 3 != 0, i % 5 == 0);
		armed += probe.armed() ? 1 : 0;
	}
	clock.close();
	using metrics::branch;
	uint64_t no_event = clock.iterations(branch::no_event);
	uint64_t no_match = clock.iterations(branch::no_match);
	uint64_t matched = clock.iterations(branch::matched);
	CHECK(no_event == 10000);
	CHECK(no_event + no_match + matched == static_cast<uint64_t>(n));
	CHECK(matched == 4000);  // i % 5 == 0 and i % 3 != 0
	uint64_t measured = 0;
	for(size_t b = 0; b < metrics::BRANCH_COUNT; b++) {
		const log_histogram& it = clock.stage(static_cast<branch>(b), metrics::pipeline_stage::iteration);
		const log_histogram& read = clock.stage(static_cast<branch>(b), metrics::pipeline_stage::read);
		measured += it.count();
		CHECK(read.count() == it.count());
		CHECK(read.total() <= it.total());
	}
	CHECK(static_cast<int>(measured) == armed);
	if(sample_every == 1) {
		CHECK(measured == static_cast<uint64_t>(n));
	} else {
		double expected = static_cast<double>(n) / sample_every;
		CHECK(measured > expected * 0.7 && measured < expected * 1.3);
	}
	CHECK(!probe.armed() && !mark.armed);
}

// Time between two steps (the engine's JS ran) belongs to no iteration.
void test_step_gap() {
	metrics::rule_probe probe;
	probe.reset(1, 0);
	metrics::stage_mark mark;
	ruleset::replay_stats stats;
	metrics::pipeline_clock clock(probe, mark, stats, 1);
	const uint64_t gap = static_cast<uint64_t>(2e6 / metrics::calibration().ns_per_tick);  // 2 ms
	for(int step = 0; step < 3; step++) {
		clock.resume();
		iterate(clock, mark, stats, false, false);
		iterate(clock, mark, stats, false, false);
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
	test_clock(1);
	test_clock(100);
	test_step_gap();
	return finish_checks();
}
