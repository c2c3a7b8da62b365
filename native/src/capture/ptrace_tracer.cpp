// The ptrace loop (see ptrace_tracer.h). Tracees are resumed with PTRACE_SYSCALL after every
// stop; PTRACE_GET_SYSCALL_INFO tells syscall-enter from syscall-exit stops.
#include "capture/ptrace_tracer.h"

#include <fcntl.h>
#include <signal.h>
#include <sys/ptrace.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include <cerrno>
#include <cstdlib>
#include <cstring>
#include <map>
#include <set>

#include "capture/proc_info.h"

namespace studio::capture {

volatile int g_capture_interrupted = 0;

namespace {

struct tracee {
	pid_t pid = 0;
	bool in_syscall = false;
	syscall_call call;
};

pid_t thread_group_of(pid_t tid) {
	std::string status = read_text_file("/proc/" + std::to_string(tid) + "/status");
	size_t at = status.find("\nTgid:");
	return at == std::string::npos ? tid : static_cast<pid_t>(std::strtol(status.c_str() + at + 6, nullptr, 10));
}

class tracer {
public:
	tracer(pid_t root, syscall_events& events) : m_root(root), m_events(events) {}
	trace_outcome run();

private:
	void on_stop(pid_t tid, int status);
	void on_syscall_stop(pid_t tid);
	void on_clone_event(pid_t parent);
	void adopt(pid_t tid, int64_t parent_nr);
	void resume(pid_t tid, int signal = 0) { ptrace(PTRACE_SYSCALL, tid, nullptr, reinterpret_cast<void*>(static_cast<long>(signal))); }
	void detach_all();

	pid_t m_root;
	syscall_events& m_events;
	trace_outcome m_outcome;
	std::map<pid_t, tracee> m_tracees;
	// New threads whose first stop came before their parent's clone event, held stopped.
	std::set<pid_t> m_early;
	// New threads announced by their parent's clone event, not yet stopped once.
	std::map<pid_t, int64_t> m_announced;
};

trace_outcome tracer::run() {
	long options = PTRACE_O_TRACESYSGOOD | PTRACE_O_TRACECLONE | PTRACE_O_TRACEFORK | PTRACE_O_TRACEVFORK |
	               PTRACE_O_TRACEEXEC | PTRACE_O_EXITKILL;
	if (ptrace(PTRACE_SETOPTIONS, m_root, nullptr, reinterpret_cast<void*>(options)) != 0) {
		m_outcome.error = std::string("ptrace(PTRACE_SETOPTIONS) failed: ") + std::strerror(errno);
		kill(m_root, SIGKILL);
		waitpid(m_root, nullptr, 0);
		return m_outcome;
	}
	m_tracees[m_root].pid = m_root;
	resume(m_root);
	while (!m_tracees.empty()) {
		if (g_capture_interrupted) {
			m_outcome.interrupted = true;
			detach_all();
			break;
		}
		int status = 0;
		pid_t tid = waitpid(-1, &status, __WALL);
		if (tid < 0) {
			if (errno == EINTR) continue;
			break;  // ECHILD: nothing left to wait for.
		}
		if (WIFEXITED(status) || WIFSIGNALED(status)) {
			if (m_tracees.count(tid) != 0) m_events.on_thread_exit(tid, status, next_timestamp());
			m_tracees.erase(tid);
			if (tid == m_root) {
				m_outcome.exit_code = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
				m_outcome.term_signal = WIFSIGNALED(status) ? WTERMSIG(status) : 0;
			}
			continue;
		}
		if (WIFSTOPPED(status)) on_stop(tid, status);
	}
	return m_outcome;
}

void tracer::on_stop(pid_t tid, int status) {
	int signal = WSTOPSIG(status);
	int event = status >> 16;
	if (m_tracees.count(tid) == 0) {
		// The first stop of a new thread or process (auto-attached with SIGSTOP).
		auto announced = m_announced.find(tid);
		if (announced == m_announced.end()) {
			m_early.insert(tid);
			return;
		}
		int64_t parent_nr = announced->second;
		m_announced.erase(announced);
		adopt(tid, parent_nr);
		return;
	}
	if (signal == (SIGTRAP | 0x80)) {
		on_syscall_stop(tid);
		resume(tid);
		return;
	}
	if (signal == SIGTRAP && event != 0) {
		if (event == PTRACE_EVENT_CLONE || event == PTRACE_EVENT_FORK || event == PTRACE_EVENT_VFORK) {
			on_clone_event(tid);
		}
		resume(tid);
		return;
	}
	// A signal for the tracee: deliver it, unless this is a group-stop (GETSIGINFO fails),
	// which a non-seizing tracer can only resume.
	siginfo_t info;
	bool group_stop = ptrace(PTRACE_GETSIGINFO, tid, nullptr, &info) != 0;
	resume(tid, group_stop ? 0 : signal);
}

void tracer::on_syscall_stop(pid_t tid) {
	tracee& state = m_tracees[tid];
	__ptrace_syscall_info info {};
	if (ptrace(PTRACE_GET_SYSCALL_INFO, tid, reinterpret_cast<void*>(sizeof(info)), &info) <= 0) return;
	if (info.op == PTRACE_SYSCALL_INFO_ENTRY) {
		state.in_syscall = true;
		state.call = syscall_call{};
		state.call.nr = static_cast<int64_t>(info.entry.nr);
		for (int i = 0; i < 6; i++) state.call.args[i] = info.entry.args[i];
		m_events.on_enter(tid, state.pid, state.call, next_timestamp());
	} else if (info.op == PTRACE_SYSCALL_INFO_EXIT && state.in_syscall) {
		state.in_syscall = false;
		if (state.call.nr == SYS_execve) state.pid = thread_group_of(tid);
		m_events.on_exit(tid, state.pid, state.call, info.exit.rval, next_timestamp());
	}
}

void tracer::on_clone_event(pid_t parent) {
	unsigned long message = 0;
	ptrace(PTRACE_GETEVENTMSG, parent, nullptr, &message);
	auto child = static_cast<pid_t>(message);
	int64_t parent_nr = m_tracees[parent].call.nr;
	if (m_early.erase(child) != 0) {
		adopt(child, parent_nr);
	} else {
		m_announced[child] = parent_nr;
	}
}

void tracer::adopt(pid_t tid, int64_t parent_nr) {
	tracee& state = m_tracees[tid];
	state.pid = thread_group_of(tid);
	m_events.on_new_thread(tid, state.pid, parent_nr, next_timestamp());
	resume(tid);
}

void tracer::detach_all() {
	// Stop every tracee, detach it at its next stop (dropping our SIGSTOP), then let it run.
	std::set<pid_t> stopping;
	for (const auto& item : m_tracees) {
		syscall(SYS_tgkill, item.second.pid, item.first, SIGSTOP);
		stopping.insert(item.first);
	}
	for (pid_t tid : m_early) stopping.insert(tid);
	for (int waited_ms = 0; !stopping.empty() && waited_ms < 2000;) {
		int status = 0;
		pid_t tid = waitpid(-1, &status, __WALL | WNOHANG);
		if (tid < 0 && errno != EINTR) break;
		if (tid <= 0) {
			usleep(10000);
			waited_ms += 10;
			continue;
		}
		if (WIFEXITED(status) || WIFSIGNALED(status)) {
			if (m_tracees.count(tid) != 0) m_events.on_thread_exit(tid, status, next_timestamp());
			stopping.erase(tid);
			continue;
		}
		int signal = WSTOPSIG(status);
		bool plain_signal = signal != (SIGTRAP | 0x80) && (status >> 16) == 0 && signal != SIGSTOP;
		ptrace(PTRACE_DETACH, tid, nullptr, reinterpret_cast<void*>(static_cast<long>(plain_signal ? signal : 0)));
		stopping.erase(tid);
	}
	for (const auto& item : m_tracees) kill(item.first, SIGCONT);
	m_tracees.clear();
}

}  // namespace

uint64_t next_timestamp() {
	static uint64_t s_last = 0;
	timespec now {};
	clock_gettime(CLOCK_REALTIME, &now);
	uint64_t ts = static_cast<uint64_t>(now.tv_sec) * 1000000000ull + static_cast<uint64_t>(now.tv_nsec);
	s_last = ts > s_last ? ts : s_last + 1;
	return s_last;
}

pid_t start_stopped_child(const std::string& path, const std::vector<std::string>& argv, std::string& error) {
	std::vector<char*> args;
	for (const std::string& arg : argv) args.push_back(const_cast<char*>(arg.c_str()));
	args.push_back(nullptr);
	pid_t child = fork();
	if (child < 0) {
		error = std::string("fork failed: ") + std::strerror(errno);
		return -1;
	}
	if (child == 0) {
		// Only async-signal-safe calls from here to exec.
		syscall(SYS_close_range, 3u, ~0u, 0u);
		// Node marks its stdio close-on-exec; the command must inherit them.
		for (int fd = 0; fd < 3; fd++) fcntl(fd, F_SETFD, 0);
		signal(SIGINT, SIG_DFL);
		signal(SIGTERM, SIG_DFL);
		signal(SIGHUP, SIG_DFL);
		signal(SIGPIPE, SIG_DFL);
		sigset_t none;
		sigemptyset(&none);
		sigprocmask(SIG_SETMASK, &none, nullptr);
		if (ptrace(PTRACE_TRACEME, 0, nullptr, nullptr) != 0) _exit(126);
		raise(SIGSTOP);
		execv(path.c_str(), args.data());
		_exit(127);
	}
	int status = 0;
	if (waitpid(child, &status, __WALL) != child || !WIFSTOPPED(status)) {
		error = WIFEXITED(status) && WEXITSTATUS(status) == 126
		            ? std::string("ptrace(PTRACE_TRACEME) is not permitted here (seccomp, Yama ptrace_scope or a container policy)")
		            : std::string("the command did not start under the tracer");
		return -1;
	}
	return child;
}

trace_outcome trace_command(pid_t root, syscall_events& events) {
	tracer state(root, events);
	return state.run();
}

}  // namespace studio::capture
