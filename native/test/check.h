// The one assertion helper of the native test programs: CHECK(cond) counts a pass or prints the
// failing line, and finish_checks() prints "N passed, M failed" and gives the exit status. Plain
// C++ with no framework on purpose: the programs build with the sanitizer flags and nothing else.
#pragma once

#include <cstdio>

inline int g_checks_passed = 0;
inline int g_checks_failed = 0;

#define CHECK(cond)                                                                     \
	do {                                                                                \
		if(cond) {                                                                      \
			g_checks_passed++;                                                          \
		} else {                                                                        \
			g_checks_failed++;                                                          \
			std::fprintf(stderr, "%s:%d: FAILED: %s\n", __FILE__, __LINE__, #cond);     \
		}                                                                               \
	} while(0)

/** Prints the tally; returns the process exit status (0 when every check passed). */
inline int finish_checks() {
	std::printf("%d passed, %d failed\n", g_checks_passed, g_checks_failed);
	return g_checks_failed == 0 ? 0 : 1;
}
