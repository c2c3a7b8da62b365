// Calibration of the tick counter (see cycle_clock.h): three 10 ms windows, each timed with
// both steady_clock and ticks; the median ratio wins, so one preempted window does not skew
// it. The empty-measurement cost is the median of many back-to-back reads with a histogram
// record between them, the same work the rule probe does per evaluation.
#include "metrics/cycle_clock.h"

#include <algorithm>
#include <array>
#include <vector>

#include "metrics/histogram.h"

namespace studio::metrics {

namespace {

double measure_ns_per_tick() {
#ifdef STUDIO_METRICS_RDTSC
	std::array<double, 3> ratios{};
	for(double& ratio : ratios) {
		auto wall_start = std::chrono::steady_clock::now();
		uint64_t tick_start = ticks();
		auto wall_end = wall_start;
		do {
			wall_end = std::chrono::steady_clock::now();
		} while(wall_end - wall_start < std::chrono::milliseconds(10));
		uint64_t tick_end = ticks();
		double ns = std::chrono::duration<double, std::nano>(wall_end - wall_start).count();
		ratio = tick_end > tick_start ? ns / static_cast<double>(tick_end - tick_start) : 1.0;
	}
	std::sort(ratios.begin(), ratios.end());
	return ratios[1];
#else
	return 1.0;
#endif
}

uint64_t measure_overhead() {
	log_histogram scratch;
	std::vector<uint64_t> samples(2001);
	for(uint64_t& sample : samples) {
		uint64_t start = ticks();
		scratch.record(0);
		uint64_t end = ticks();
		sample = end - start;
	}
	std::nth_element(samples.begin(), samples.begin() + samples.size() / 2, samples.end());
	return samples[samples.size() / 2];
}

tick_calibration make_calibration() {
	tick_calibration result;
#ifdef STUDIO_METRICS_RDTSC
	result.has_cycles = true;
#endif
	result.ns_per_tick = measure_ns_per_tick();
	result.overhead_ticks = measure_overhead();
	return result;
}

}  // namespace

const tick_calibration& calibration() {
	static const tick_calibration s_calibration = make_calibration();
	return s_calibration;
}

}  // namespace studio::metrics
