// `falco-studio capture -o OUT -- COMMAND…`: the whole capture of one command. Resolves the
// command on PATH, creates a temporary file next to OUT, writes the metadata (machine info,
// users and groups, the process list of the stopped command and its ancestors, the command's
// fds), traces the command into EV_V2 events, and renames the file to OUT only when it is
// complete. On any failure or a crash OUT is left untouched and the temporary file removed.
// SIGINT, SIGTERM and SIGHUP during the capture stop tracing, detach, and keep what was
// recorded. Whole-host capture is not here: it needs a kernel driver this build lacks.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

namespace studio::capture {

struct capture_options {
	std::string out;
	std::vector<std::string> argv;
	/** Bytes of read/write data kept per event (sysdig's default snaplen is 80). */
	uint32_t snaplen = 80;
};

struct capture_result {
	/** False when no capture was written; `error` says why. */
	bool ok = false;
	std::string error;
	/** The command's exit code, or -1 when a signal ended it or it was detached. */
	int exit_code = -1;
	int term_signal = 0;
	bool interrupted = false;
	uint64_t events = 0;
	/** The resolved path of the command. */
	std::string command_path;
};

/** Runs and records one command. Never throws. */
capture_result capture_command(const capture_options& options);

/** The executable `name` resolves to on PATH (or as a path); empty when there is none. */
std::string resolve_command(const std::string& name);

}  // namespace studio::capture
