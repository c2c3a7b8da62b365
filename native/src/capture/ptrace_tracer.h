// The unprivileged capture backend: runs one command under ptrace and follows its whole
// tree (threads, forks, vforks, execs), handing every syscall enter/exit, new thread and
// thread exit to syscall_events in the order the tracer sees them. It needs no kernel
// driver, only ptrace permission over its own child. x86_64 only. It does not write
// metadata or choose file names (capture_command.h does).
#pragma once

#include <sys/types.h>

#include <string>
#include <vector>

#include "capture/syscall_events.h"

namespace studio::capture {

/** How a traced command ended. */
struct trace_outcome {
	/** The root process's exit code, or -1 when it was killed by a signal or not waited for. */
	int exit_code = -1;
	/** The signal that ended the root process, or 0. */
	int term_signal = 0;
	/** True when SIGINT/SIGTERM/SIGHUP stopped the capture; the tracees were detached. */
	bool interrupted = false;
	/** Set when tracing itself failed (for example ptrace is not permitted). */
	std::string error;
};

/** Set by the capture's signal handler; the tracer stops at its next wait. */
extern volatile int g_capture_interrupted;

/**
 * Forks and stops a child that will exec `path` with `argv`: the child closes every fd above
 * 2 and waits for the tracer. Returns the child pid, or -1 with `error` set.
 */
pid_t start_stopped_child(const std::string& path, const std::vector<std::string>& argv, std::string& error);

/** Traces the stopped child `root` until every tracee is gone or the capture is interrupted. */
trace_outcome trace_command(pid_t root, syscall_events& events);

/** Nanoseconds since the epoch, strictly increasing across calls (events stay in ts order). */
uint64_t next_timestamp();

}  // namespace studio::capture
