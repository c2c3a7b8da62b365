// A latency histogram with logarithmic buckets: four buckets per power of two (values below
// 8 exact), 252 buckets cover every uint64_t, so relative bucket width is at most 25 %.
// Recording is a few integer operations on preallocated storage: no allocation, no lock, no
// syscall. Percentiles interpolate inside a bucket and are clamped to the exact min and max,
// so p50 <= p90 <= p99 always holds. Values are ticks (cycle_clock.h); conversion to ns
// happens when reporting. It does not know what it measures (rule_probe.h, pipeline_clock.h).
#pragma once

#include <array>
#include <cstdint>

namespace studio::metrics {

class log_histogram {
public:
	static constexpr uint32_t SUB_BITS = 2;
	static constexpr uint32_t SUBS = 1u << SUB_BITS;
	static constexpr uint32_t BUCKETS = SUBS * (64 - SUB_BITS + 1);

	/**
	 * Adds one value: a bucket increment, a sum and the exact min and max, without a branch
	 * (the count is the buckets' sum, computed when read).
	 */
	void record(uint64_t value) {
		m_total += value;
		m_min = value < m_min ? value : m_min;
		m_max = value > m_max ? value : m_max;
		m_buckets[bucket_of(value)]++;
	}

	/**
	 * Adds `n` samples of the same value (n may be 0: then nothing changes). For spans the
	 * clock files as equal shares (pipeline_clock.h); not branch-free, not for every event.
	 */
	void record_n(uint64_t value, uint64_t n) {
		if(n == 0) return;
		m_total += value * n;
		m_min = value < m_min ? value : m_min;
		m_max = value > m_max ? value : m_max;
		m_buckets[bucket_of(value)] += n;
	}

	/** How many values were recorded (sums the buckets: for reports, not the measured path). */
	uint64_t count() const;
	uint64_t total() const { return m_total; }
	/** Smallest and largest value (0 when empty). */
	uint64_t min() const { return m_min > m_max ? 0 : m_min; }
	uint64_t max() const { return m_max; }
	uint64_t bucket(uint32_t index) const { return m_buckets[index]; }

	/** The q-quantile (0 < q <= 1), interpolated within its bucket; 0 when empty. */
	double percentile(double q) const;

	/** Adds another histogram's values (for totals over branches). */
	void merge(const log_histogram& other);

	/** The bucket a value falls in. */
	static uint32_t bucket_of(uint64_t value) {
		// msb >= SUB_BITS (value | SUBS), so (value >> (msb - SUB_BITS)) is the leading bit and
		// the SUB_BITS bits after it: SUBS..2*SUBS-1. Values below 2*SUBS map to themselves.
		const uint32_t msb = 63u - static_cast<uint32_t>(__builtin_clzll(value | SUBS));
		return (msb - SUB_BITS) * SUBS + static_cast<uint32_t>(value >> (msb - SUB_BITS));
	}
	/** The smallest value of a bucket (inclusive). */
	static uint64_t bucket_low(uint32_t index);
	/** One past the largest value of a bucket (saturates at UINT64_MAX). */
	static uint64_t bucket_high(uint32_t index);

private:
	uint64_t m_total = 0;
	uint64_t m_min = UINT64_MAX;
	uint64_t m_max = 0;
	std::array<uint64_t, BUCKETS> m_buckets{};
};

}  // namespace studio::metrics
