// Turns one traced syscall (number, arguments, result) into scap enter/exit events with the
// parameter layouts of the event table: dedicated events for the file, process and network
// syscalls rules look at, generic `syscall` events (ids 0/1) for every other one. Only event
// ids below 336 are written, because sysdig 0.29.3 silently skips newer ids (scap-format.md
// §5.1); accept4, pipe2, clone3 and dup2/dup3 therefore use the older accept, pipe, clone and
// dup ids.
// It reads the tracee's memory and /proc while the tracee is stopped; it does not drive
// ptrace itself (see ptrace_tracer.h).
#pragma once

#include <sys/types.h>

#include <cstdint>
#include <string>
#include <vector>

#include "capture/scap_writer.h"

namespace studio::capture {

/** A syscall as the tracer saw it at the enter stop. */
struct syscall_call {
	int64_t nr = -1;
	uint64_t args[6] = {0, 0, 0, 0, 0, 0};
	/** execve's filename, saved at the enter stop (the memory is gone after a successful exec). */
	std::string filename;
};

class syscall_events {
public:
	/** `snaplen` bounds the data prefix of read/write events, like sysdig's -s (default 80). */
	syscall_events(scap_writer& writer, uint32_t snaplen);

	/** The enter event of `call` by thread `tid` of process `pid`. */
	void on_enter(pid_t tid, pid_t pid, syscall_call& call, uint64_t ts);
	/** The exit event of `call`, whose return value is `ret` (-errno on failure). */
	void on_exit(pid_t tid, pid_t pid, const syscall_call& call, int64_t ret, uint64_t ts);
	/** The clone/fork/vfork exit the new thread `tid` reports (res 0), before its first syscall. */
	void on_new_thread(pid_t tid, pid_t pid, int64_t parent_nr, uint64_t ts);
	/** procexit for a thread that exited with wait status `status`. */
	void on_thread_exit(pid_t tid, int status, uint64_t ts);

private:
	void write(const event_builder& event) { m_writer.write_event(event); }
	void write_generic(pid_t tid, const syscall_call& call, bool enter, uint64_t ts);
	void write_process_exit_params(event_builder& event, pid_t tid, pid_t pid, int64_t res, bool execve,
	                               uint32_t clone_flags);
	std::string data_prefix(pid_t tid, uint64_t addr, int64_t available);
	// Data-moving syscalls beyond read/write (syscall_events_io.cpp); false when `call` is not one.
	bool io_enter(pid_t tid, const syscall_call& call, uint64_t ts);
	bool io_exit(pid_t tid, pid_t pid, const syscall_call& call, int64_t ret, uint64_t ts);
	std::string iovec_prefix(pid_t tid, uint64_t iov, uint64_t count, int64_t available, uint64_t* total);

	scap_writer& m_writer;
	uint32_t m_snaplen;
	std::vector<uint16_t> m_ppm_codes;
};

}  // namespace studio::capture
