// The profiler's time base: a tick counter read on the measured path, and its calibration
// against std::chrono::steady_clock. On x86 a tick is a CPU cycle of the invariant TSC
// (rdtsc: no syscall, no fence, ~10-40 ns here); elsewhere a tick is a steady_clock
// nanosecond and `has_cycles` is false, so reports give ns only. It does not store or
// aggregate anything (histogram.h does).
#pragma once

#include <chrono>
#include <cstdint>

#if defined(__x86_64__) || defined(__i386__)
#include <x86intrin.h>
#define STUDIO_METRICS_RDTSC 1
#endif

namespace studio::metrics {

/** Reads the tick counter. Monotonic within a run; cheap enough for every rule evaluation. */
inline uint64_t ticks() {
#ifdef STUDIO_METRICS_RDTSC
	return __rdtsc();
#else
	return static_cast<uint64_t>(
	        std::chrono::duration_cast<std::chrono::nanoseconds>(std::chrono::steady_clock::now().time_since_epoch())
	                .count());
#endif
}

/** How ticks convert to time, measured once per process. */
struct tick_calibration {
	/** True when a tick is a CPU cycle (rdtsc), false when it is a nanosecond. */
	bool has_cycles = false;
	/** Nanoseconds per tick (1 without a cycle counter). */
	double ns_per_tick = 1.0;
	/** Median cost in ticks of one empty measurement (two reads and a histogram record). */
	uint64_t overhead_ticks = 0;
};

/**
 * Calibrates ticks against steady_clock (about 30 ms of busy waiting the first time; cached
 * afterwards). Never called on the measured path.
 */
const tick_calibration& calibration();

}  // namespace studio::metrics
