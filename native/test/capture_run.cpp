// Runs one capture from the command line, without Node: `capture_run OUT COMMAND [ARGS…]`.
// For debugging the tracer and for the native capture tests; prints the outcome as one line.
#include <cstdio>
#include <string>

#include "capture/capture_command.h"

int main(int argc, char** argv) {
	if (argc < 3) {
		std::fprintf(stderr, "usage: capture_run OUT COMMAND [ARGS...]\n");
		return 2;
	}
	studio::capture::capture_options options;
	options.out = argv[1];
	for (int i = 2; i < argc; i++) options.argv.push_back(argv[i]);
	studio::capture::capture_result result = studio::capture::capture_command(options);
	std::printf("ok=%d events=%llu exit=%d signal=%d interrupted=%d error=%s\n", result.ok ? 1 : 0,
	            static_cast<unsigned long long>(result.events), result.exit_code, result.term_signal,
	            result.interrupted ? 1 : 0, result.error.c_str());
	return result.ok ? 0 : 1;
}
