// The parser dispatch table (by event name and direction, so every version of a syscall gets
// the same parser) and the helpers the family parsers share: parameter access by name, fd
// insertion with limits, path concatenation and container ids from cgroups.
#include "state/parsers.h"

#include <array>
#include <cstring>

namespace studio::state {

namespace {

struct entry {
	const char* name;
	bool exit;
	parsers::fn parse;
};

const entry k_parsers[] = {
    {"clone", true, parsers::clone_exit},
    {"fork", true, parsers::clone_exit},
    {"vfork", true, parsers::clone_exit},
    {"clone3", true, parsers::clone_exit},
    {"execve", true, parsers::execve_exit},
    {"execveat", true, parsers::execve_exit},
    {"procexit", false, parsers::procexit},
    {"chdir", true, parsers::chdir_exit},
    {"fchdir", true, parsers::fchdir_exit},
    {"chroot", true, parsers::chroot_exit},
    {"setuid", true, parsers::setuid_exit},
    {"setgid", true, parsers::setgid_exit},
    {"setresuid", true, parsers::setresuid_exit},
    {"setresgid", true, parsers::setresgid_exit},
    {"open", true, parsers::open_exit},
    {"openat", true, parsers::open_exit},
    {"openat2", true, parsers::open_exit},
    {"creat", true, parsers::open_exit},
    {"close", true, parsers::close_exit},
    {"dup", true, parsers::dup_exit},
    {"dup2", true, parsers::dup_exit},
    {"dup3", true, parsers::dup_exit},
    {"pipe", true, parsers::pipe_exit},
    {"pipe2", true, parsers::pipe_exit},
    {"eventfd", true, parsers::simple_fd_exit},
    {"eventfd2", true, parsers::simple_fd_exit},
    {"signalfd", true, parsers::simple_fd_exit},
    {"signalfd4", true, parsers::simple_fd_exit},
    {"timerfd_create", true, parsers::simple_fd_exit},
    {"inotify_init", true, parsers::simple_fd_exit},
    {"inotify_init1", true, parsers::simple_fd_exit},
    {"epoll_create", true, parsers::simple_fd_exit},
    {"epoll_create1", true, parsers::simple_fd_exit},
    {"bpf", true, parsers::simple_fd_exit},
    {"userfaultfd", true, parsers::simple_fd_exit},
    {"io_uring_setup", true, parsers::simple_fd_exit},
    {"memfd_create", true, parsers::simple_fd_exit},
    {"pidfd_open", true, parsers::simple_fd_exit},
    {"pidfd_getfd", true, parsers::simple_fd_exit},
    {"fcntl", true, parsers::fcntl_exit},
    {"socket", true, parsers::socket_exit},
    {"bind", true, parsers::bind_exit},
    {"connect", true, parsers::connect_exit},
    {"accept", true, parsers::accept_exit},
    {"accept4", true, parsers::accept_exit},
    {"socketpair", true, parsers::socketpair_exit},
    {"sendto", true, parsers::send_exit},
    {"sendmsg", true, parsers::send_exit},
};

struct dispatch_table {
	std::vector<parsers::fn> fns;
	dispatch_table() : fns(schema::EVENT_COUNT, nullptr) {
		for(uint16_t id = 0; id < schema::EVENT_COUNT; id++) {
			const schema::event_info& info = schema::g_events[id];
			if((info.flags & schema::EF_UNUSED) != 0) continue;
			bool exit = !schema::is_enter(id);
			for(const entry& e : k_parsers) {
				if(e.exit == exit && std::strcmp(e.name, info.name) == 0) {
					fns[id] = e.parse;
					break;
				}
			}
		}
	}
};

}  // namespace

parsers::fn parsers::lookup(uint16_t type) {
	static const dispatch_table table;
	return type < table.fns.size() ? table.fns[type] : nullptr;
}

int parsers::index_of(const schema::event_info* info, const char* name) {
	if(info == nullptr) return -1;
	for(uint16_t i = 0; i < info->nparams; i++) {
		if(std::strcmp(info->params[i].name, name) == 0) return i;
	}
	return -1;
}

reader::param_view parsers::param(const event_context& ctx, const char* name) {
	int i = index_of(ctx.info, name);
	return i < 0 ? reader::param_view{} : ctx.evt->param(static_cast<uint32_t>(i));
}

reader::param_view parsers::enter(const inspector& in, const char* name) {
	if(!in.m_enter_valid) return reader::param_view{};
	int i = index_of(in.m_enter_info, name);
	return i < 0 ? reader::param_view{} : in.enter_param(static_cast<uint32_t>(i));
}

bool parsers::param_i64(const event_context& ctx, const char* name, int64_t& out) {
	return reader::param_int(param(ctx, name), out);
}

bool parsers::enter_i64(const inspector& in, const char* name, int64_t& out) {
	return reader::param_int(enter(in, name), out);
}

fd_info* parsers::add_fd(inspector& in, thread_info* t, int64_t fd, fd_info info) {
	fd_table& fds = in.fd_table_of(t);
	auto it = fds.find(fd);
	if(it == fds.end() && fds.size() >= in.m_limits.max_fds_per_process) {
		in.m_stats.fd_evictions++;
		return nullptr;
	}
	info.fd = fd;
	fd_info& slot = fds[fd];
	slot = std::move(info);
	return &slot;
}

std::vector<std::string> parsers::split_nul(const reader::param_view& p) {
	std::vector<std::string> out;
	size_t start = 0;
	const char* s = reinterpret_cast<const char*>(p.data);
	while(start < p.len) {
		const void* nul = std::memchr(s + start, 0, p.len - start);
		size_t end = nul != nullptr ? static_cast<size_t>(static_cast<const char*>(nul) - s) : p.len;
		out.emplace_back(s + start, end - start);
		start = end + 1;
	}
	return out;
}

std::string parsers::concatenate_paths(std::string_view dir, std::string_view name) {
	// Absolute names ignore dir; the result is normalised (no ".", "..", "//").
	std::string joined;
	if(!name.empty() && name[0] == '/') {
		joined.assign(name);
	} else {
		joined.assign(dir);
		if(!joined.empty() && joined.back() != '/') joined += '/';
		joined.append(name);
	}
	std::vector<std::string_view> parts;
	std::string_view rest(joined);
	bool trailing = !rest.empty() && rest.back() == '/' && rest.size() > 1;
	size_t pos = 0;
	while(pos <= rest.size()) {
		size_t next = rest.find('/', pos);
		if(next == std::string_view::npos) next = rest.size();
		std::string_view part = rest.substr(pos, next - pos);
		if(part == "..") {
			if(!parts.empty()) parts.pop_back();
		} else if(!part.empty() && part != ".") {
			parts.push_back(part);
		}
		pos = next + 1;
	}
	std::string out;
	bool absolute = !joined.empty() && joined[0] == '/';
	if(absolute) out = "/";
	for(size_t i = 0; i < parts.size(); i++) {
		if(i > 0) out += '/';
		out.append(parts[i]);
	}
	if(trailing && !parts.empty()) out += '/';
	return out;
}

std::string parsers::container_id_from_cgroups(const std::vector<std::string>& cgroups) {
	// docker "/<id>" or "/docker-<id>.scope", cri-o "/crio-<id>", containerd
	// "/cri-containerd-<id>.scope" or ":cri-containerd:<id>", podman "/libpod-<id>.scope".
	static const char* const prefixes[] = {"docker-", "crio-", "cri-containerd-", "libpod-", ""};
	for(const std::string& cg : cgroups) {
		size_t eq = cg.find('=');
		std::string_view path = eq == std::string::npos ? std::string_view(cg) : std::string_view(cg).substr(eq + 1);
		size_t cut = path.find_last_of("/:");
		if(cut == std::string_view::npos) continue;
		std::string_view last = path.substr(cut + 1);
		if(last.size() > 6 && last.substr(last.size() - 6) == ".scope") last.remove_suffix(6);
		for(const char* prefix : prefixes) {
			size_t pl = std::strlen(prefix);
			if(last.size() != pl + 64 || last.substr(0, pl) != prefix) continue;
			std::string_view id = last.substr(pl);
			bool hex = true;
			for(char c : id) hex = hex && ((c >= '0' && c <= '9') || (c >= 'a' && c <= 'f'));
			if(hex) return std::string(id.substr(0, 12));
		}
	}
	return "host";
}

}  // namespace studio::state
