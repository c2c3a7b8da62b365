// The per-event-id plan table (see event_plan.h), built once from the event table and the
// parser list. Parsers are matched by event name and direction, so every version of a syscall
// gets the same parser.
#include "state/event_plan.h"

#include <cstring>
#include <vector>

namespace studio::state {

namespace {

struct parser_entry {
	const char* name;
	bool exit;
	parsers::fn parse;
};

const parser_entry k_parsers[] = {
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

constexpr uint16_t PROCINFO_E = 234;

bool is_container_event(uint16_t type) {
	return type == 228 || type == 272 || type == 324;
}

bool is_clone_exit(uint16_t type) {
	switch(type) {
	case 15:
	case 157:
	case 183:
	case 185:
	case 217:
	case 219:
	case 221:
	case 223:
	case 225:
	case 227:
	case 335:
		return true;
	default:
		return false;
	}
}

bool is_switch(uint16_t type) {
	return type == 146 || type == 152;
}

std::vector<event_plan> build_plans() {
	std::vector<event_plan> plans(schema::EVENT_COUNT);
	for(uint16_t id = 0; id < schema::EVENT_COUNT; id++) {
		const schema::event_info& info = schema::g_events[id];
		event_plan& plan = plans[id];
		uint32_t flags = info.flags;
		if(is_switch(id)) flags |= schema::EF_SKIPPARSERESET;
		if(id >= 160 && id <= 163) flags &= ~schema::EF_USES_FD;  // mmap, mmap2
		plan.flags = flags;
		plan.enter = schema::is_enter(id);
		plan.container = is_container_event(id);
		plan.hidden = id == PROCINFO_E || plan.container;
		plan.lookup_only = (flags & schema::EF_SKIPPARSERESET) != 0 || is_clone_exit(id);
		plan.uses_fd = (flags & (schema::EF_CREATES_FD | schema::EF_USES_FD | schema::EF_DESTROYS_FD)) != 0;
		plan.res_errno = info.nparams > 0 &&
		                 (std::strcmp(info.params[0].name, "res") == 0 || std::strcmp(info.params[0].name, "fd") == 0);
		plan.state_free = id == PROCINFO_E;
		if((info.flags & schema::EF_UNUSED) != 0) continue;
		for(const parser_entry& e : k_parsers) {
			if(e.exit == !plan.enter && std::strcmp(e.name, info.name) == 0) {
				plan.parse = e.parse;
				break;
			}
		}
	}
	for(uint16_t id = 0; id + 1 < schema::EVENT_COUNT; id++) {
		plans[id].keeps_enter = plans[id].enter && plans[id + 1].parse != nullptr;
	}
	return plans;
}

}  // namespace

const event_plan* event_plans() {
	static const std::vector<event_plan> plans = build_plans();
	return plans.data();
}

}  // namespace studio::state
