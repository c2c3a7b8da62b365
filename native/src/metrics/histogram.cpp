// Bucket bounds and percentiles of log_histogram (see histogram.h).
#include "metrics/histogram.h"

#include <algorithm>
#include <cmath>

namespace studio::metrics {

uint64_t log_histogram::bucket_low(uint32_t index) {
	if(index < 2 * SUBS) return index;
	uint32_t msb = index / SUBS + SUB_BITS - 1;
	uint64_t sub = index % SUBS;
	return (SUBS + sub) << (msb - SUB_BITS);
}

uint64_t log_histogram::bucket_high(uint32_t index) {
	if(index + 1 >= BUCKETS) return UINT64_MAX;
	return bucket_low(index + 1);
}

uint64_t log_histogram::count() const {
	uint64_t n = 0;
	for(uint64_t bucket : m_buckets) n += bucket;
	return n;
}

double log_histogram::percentile(double q) const {
	const uint64_t n_values = count();
	if(n_values == 0) return 0;
	// The rank of the wanted value, 1-based, as in the nearest-rank method.
	double rank = std::max(1.0, std::ceil(q * static_cast<double>(n_values)));
	uint64_t seen = 0;
	for(uint32_t i = 0; i < BUCKETS; i++) {
		uint64_t n = m_buckets[i];
		if(n == 0) continue;
		if(static_cast<double>(seen + n) >= rank) {
			// Spread the bucket's values evenly over [low, high) and clamp to the exact range.
			double low = static_cast<double>(std::max(bucket_low(i), min()));
			double high = static_cast<double>(std::min(bucket_high(i) - 1, m_max));
			double fraction = (rank - static_cast<double>(seen)) / static_cast<double>(n);
			return low + (high - low) * fraction;
		}
		seen += n;
	}
	return static_cast<double>(m_max);
}

void log_histogram::merge(const log_histogram& other) {
	if(other.m_min > other.m_max) return;
	m_total += other.m_total;
	m_min = std::min(m_min, other.m_min);
	m_max = std::max(m_max, other.m_max);
	for(uint32_t i = 0; i < BUCKETS; i++) m_buckets[i] += other.m_buckets[i];
}

}  // namespace studio::metrics
