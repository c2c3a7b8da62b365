// A single timestamp the inspector takes between reading/decoding an event and applying it to
// state, so the profiler can split inspector::next() into its two stages. The profiler attaches
// it only while measured events run and arms it for the reads it splits; absent (the inspector
// holds a null pointer by default) it costs one branch per event. It does not
// know about stages or histograms (pipeline_clock.h reads it).
#pragma once

#include <cstdint>

#include "metrics/cycle_clock.h"

namespace studio::metrics {

struct stage_mark {
	/** Whether this read is split (pipeline_clock.h splits one measured read in a few). */
	bool armed = false;
	/** Ticks when decoding ended, or 0 when no event was decoded (end of file, error). */
	uint64_t at = 0;

	void mark() {
		if(armed) at = ticks();
	}
};

}  // namespace studio::metrics
