// Capture orchestration (see capture_command.h).
#include "capture/capture_command.h"

#include <signal.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstdio>
#include <cstdlib>
#include <cstring>

#include "capture/proc_info.h"
#include "capture/ptrace_tracer.h"
#include "capture/scap_writer.h"
#include "capture/syscall_events.h"

namespace studio::capture {

namespace {

void on_stop_signal(int) {
	g_capture_interrupted = 1;
}

// Installs the stop handlers for the lifetime of one capture (no SA_RESTART, so the
// tracer's waitpid returns) and restores the previous ones.
class stop_signals {
public:
	stop_signals() {
		struct sigaction action {};
		action.sa_handler = on_stop_signal;
		sigemptyset(&action.sa_mask);
		for (int i = 0; i < 3; i++) sigaction(s_signals[i], &action, &m_previous[i]);
	}
	~stop_signals() {
		for (int i = 0; i < 3; i++) sigaction(s_signals[i], &m_previous[i], nullptr);
	}

private:
	static constexpr int s_signals[3] = {SIGINT, SIGTERM, SIGHUP};
	struct sigaction m_previous[3];
};

bool is_executable_file(const std::string& path) {
	struct stat info {};
	return stat(path.c_str(), &info) == 0 && S_ISREG(info.st_mode) && access(path.c_str(), X_OK) == 0;
}

std::string temp_path_for(const std::string& out) {
	size_t slash = out.rfind('/');
	std::string dir = slash == std::string::npos ? std::string() : out.substr(0, slash + 1);
	std::string base = slash == std::string::npos ? out : out.substr(slash + 1);
	return dir + "." + base + ".part-" + std::to_string(getpid());
}

// Metadata: machine, interfaces, users and groups, the stopped command and its ancestors
// (up to init), and the command's fds.
void write_metadata(scap_writer& writer, pid_t root) {
	writer.write_section_header();
	writer.write_machine_info(read_machine_info());
	writer.write_interfaces(read_interfaces());
	writer.write_users(read_users());
	std::vector<thread_entry> threads;
	for (pid_t pid = root; pid > 0 && threads.size() < 64; pid = read_parent_pid(pid)) {
		thread_entry entry;
		if (!read_thread_entry(pid, pid, entry)) break;
		// Only the command's own environment is recorded: its ancestors' (the user's shell,
		// the CLI) are not part of what was asked for.
		if (pid != root) entry.env.clear();
		threads.push_back(entry);
	}
	writer.write_threads(threads);
	writer.write_fds(static_cast<uint64_t>(root), read_fds(root));
}

}  // namespace

std::string resolve_command(const std::string& name) {
	if (name.empty()) return std::string();
	if (name.find('/') != std::string::npos) return is_executable_file(name) ? name : std::string();
	const char* path_env = std::getenv("PATH");
	std::string path = path_env != nullptr ? path_env : "/usr/local/bin:/usr/bin:/bin";
	size_t start = 0;
	while (start <= path.size()) {
		size_t end = path.find(':', start);
		if (end == std::string::npos) end = path.size();
		std::string dir = path.substr(start, end - start);
		std::string candidate = (dir.empty() ? std::string(".") : dir) + "/" + name;
		if (is_executable_file(candidate)) return candidate;
		start = end + 1;
	}
	return std::string();
}

capture_result capture_command(const capture_options& options) {
	capture_result result;
	// Step 1: check the arguments before anything runs or is created.
	if (options.argv.empty()) {
		result.error = "no command to capture";
		return result;
	}
	result.command_path = resolve_command(options.argv[0]);
	if (result.command_path.empty()) {
		result.error = "command not found: " + options.argv[0];
		return result;
	}
	// Step 2: the temporary file next to OUT, so the final rename stays on one filesystem.
	std::string temp = temp_path_for(options.out);
	scap_writer writer;
	if (!writer.open(temp)) {
		result.error = "cannot write '" + options.out + "': " + std::strerror(errno);
		return result;
	}
	// Step 3: start the command stopped, record the metadata, then trace it.
	g_capture_interrupted = 0;
	stop_signals signals;
	std::string error;
	pid_t root = start_stopped_child(result.command_path, options.argv, error);
	if (root < 0) {
		writer.close();
		std::remove(temp.c_str());
		result.error = error;
		return result;
	}
	write_metadata(writer, root);
	syscall_events events(writer, options.snaplen);
	trace_outcome outcome = trace_command(root, events);
	result.exit_code = outcome.exit_code;
	result.term_signal = outcome.term_signal;
	result.interrupted = outcome.interrupted;
	result.events = writer.events_written();
	// Step 4: keep the file only when it is complete.
	bool written = writer.close();
	if (!outcome.error.empty() || !written) {
		std::remove(temp.c_str());
		result.error = !outcome.error.empty() ? outcome.error : writer.error();
		return result;
	}
	if (result.events == 0) {
		// libscap refuses a file with no events ("no events in file").
		std::remove(temp.c_str());
		result.error = "no events were recorded";
		return result;
	}
	if (std::rename(temp.c_str(), options.out.c_str()) != 0) {
		result.error = "cannot write '" + options.out + "': " + std::strerror(errno);
		std::remove(temp.c_str());
		return result;
	}
	result.ok = true;
	return result;
}

}  // namespace studio::capture
