// File-family parsers: open/openat/openat2/creat exits (path resolution against the cwd or
// the dirfd), close (deferred removal), dup family, pipe, fcntl F_DUPFD and the syscalls that
// create one anonymous fd (eventfd, epoll, memfd, ...). 0.29.3 model: legacy exits take
// their missing arguments from the stored enter event.
#include <cstring>

#include "state/parsers.h"

namespace studio::state {

namespace {

constexpr int64_t AT_FDCWD = -100;
constexpr uint32_t PPM_O_DIRECTORY = 1u << 10;
constexpr uint32_t PPM_O_CLOEXEC = 1u << 12;

reader::param_view from_exit_or_enter(inspector& in, const event_context& ctx, const char* name) {
	reader::param_view p = parsers::param(ctx, name);
	return p.len > 0 ? p : parsers::enter(in, name);
}

}  // namespace

void parsers::open_exit(inspector& in, event_context& ctx) {
	thread_info* t = ctx.thread;
	int64_t fd = 0;
	if(t == nullptr || !param_i64(ctx, "fd", fd)) return;
	std::string_view name;
	if(!reader::param_string(from_exit_or_enter(in, ctx, "name"), name)) {
		return;
	}
	uint64_t flags = 0;
	reader::param_uint(from_exit_or_enter(in, ctx, "flags"), flags);
	const char* call = ctx.info->name;
	bool at = std::strcmp(call, "openat") == 0 || std::strcmp(call, "openat2") == 0;
	std::string dir;
	if(!at || (!name.empty() && name[0] == '/')) {
		dir = at ? "" : in.cwd_of(t);
	} else {
		int64_t dirfd = AT_FDCWD;
		reader::param_int(from_exit_or_enter(in, ctx, "dirfd"), dirfd);
		if(dirfd == AT_FDCWD) {
			dir = in.cwd_of(t);
		} else {
			fd_table& fds = in.fd_table_of(t);
			auto it = fds.find(dirfd);
			dir = it != fds.end() ? it->second.name + "/" : "<UNKNOWN>";
		}
	}
	std::string path = dir == "<UNKNOWN>" ? dir + std::string(name) : concatenate_paths(dir, name);
	ctx.event_fd_name = path;
	ctx.has_event_fd_name = true;
	if(fd < 0) return;
	t->lastevent_fd = fd;
	fd_info info;
	info.type = (flags & PPM_O_DIRECTORY) != 0 ? reader::SCAP_FD_DIRECTORY : reader::SCAP_FD_FILE_V2;
	info.open_flags = std::strcmp(call, "creat") == 0 ? 0 : static_cast<uint32_t>(flags);
	uint64_t v = 0;
	if(reader::param_uint(param(ctx, "dev"), v)) info.dev = static_cast<uint32_t>(v);
	if(reader::param_uint(param(ctx, "ino"), v)) info.ino = v;
	info.name = std::move(path);
	ctx.fd = add_fd(in, t, fd, std::move(info));
}

void parsers::close_exit(inspector& in, event_context& ctx) {
	thread_info* t = ctx.thread;
	int64_t res = -1;
	if(t == nullptr || !param_i64(ctx, "res", res) || res < 0 || ctx.fd == nullptr) return;
	// Removed after the event, so the close exit itself still shows the fd.
	in.m_pending_close_tid = t->tid;
	in.m_pending_close_fd = ctx.fd->fd;
}

void parsers::dup_exit(inspector& in, event_context& ctx) {
	thread_info* t = ctx.thread;
	int64_t res = -1;
	if(t == nullptr || !param_i64(ctx, "res", res) || res < 0) return;
	fd_table& fds = in.fd_table_of(t);
	int64_t oldfd = t->lastevent_fd;
	if(oldfd == -1) param_i64(ctx, "oldfd", oldfd);
	auto it = fds.find(oldfd);
	if(it == fds.end()) return;
	fd_info copy = it->second;
	copy.open_flags &= ~PPM_O_CLOEXEC;
	uint64_t flags = 0;
	if(std::strcmp(ctx.info->name, "dup3") == 0 && reader::param_uint(param(ctx, "flags"), flags) &&
	   (flags & 1u) != 0) {
		copy.open_flags |= PPM_O_CLOEXEC;
	}
	add_fd(in, t, res, std::move(copy));
}

void parsers::pipe_exit(inspector& in, event_context& ctx) {
	thread_info* t = ctx.thread;
	int64_t res = -1, fd1 = -1, fd2 = -1;
	if(t == nullptr || !param_i64(ctx, "res", res) || res < 0) return;
	if(!param_i64(ctx, "fd1", fd1) || !param_i64(ctx, "fd2", fd2)) return;
	uint64_t ino = 0;
	reader::param_uint(param(ctx, "ino"), ino);
	fd_info info;
	info.type = reader::SCAP_FD_FIFO;
	info.ino = ino;
	add_fd(in, t, fd1, info);
	// Like libsinsp, the event is left pointing at the second fd.
	t->lastevent_fd = fd2;
	ctx.fd = add_fd(in, t, fd2, info);
}

void parsers::simple_fd_exit(inspector& in, event_context& ctx) {
	thread_info* t = ctx.thread;
	int64_t res = -1;
	if(t == nullptr || ctx.info->nparams == 0 || !reader::param_int(ctx.evt->param(0), res)) return;
	if(res < 0) return;
	t->lastevent_fd = res;
	const char* call = ctx.info->name;
	fd_info info;
	if(std::strncmp(call, "eventfd", 7) == 0) {
		info.type = reader::SCAP_FD_EVENT;
	} else if(std::strncmp(call, "signalfd", 8) == 0) {
		info.type = reader::SCAP_FD_SIGNALFD;
	} else if(std::strcmp(call, "timerfd_create") == 0) {
		info.type = reader::SCAP_FD_TIMERFD;
	} else if(std::strncmp(call, "inotify", 7) == 0) {
		info.type = reader::SCAP_FD_INOTIFY;
	} else if(std::strncmp(call, "epoll", 5) == 0) {
		info.type = reader::SCAP_FD_EVENTPOLL;
	} else if(std::strcmp(call, "bpf") == 0) {
		info.type = reader::SCAP_FD_BPF;
	} else if(std::strcmp(call, "userfaultfd") == 0) {
		info.type = reader::SCAP_FD_USERFAULTFD;
	} else if(std::strcmp(call, "io_uring_setup") == 0) {
		info.type = reader::SCAP_FD_IOURING;
	} else if(std::strcmp(call, "memfd_create") == 0) {
		info.type = reader::SCAP_FD_MEMFD;
		std::string_view name;
		if(reader::param_string(param(ctx, "name"), name)) info.name.assign(name);
	} else {
		info.type = reader::SCAP_FD_PIDFD;
	}
	ctx.fd = add_fd(in, t, res, std::move(info));
}

void parsers::fcntl_exit(inspector& in, event_context& ctx) {
	// F_DUPFD and F_DUPFD_CLOEXEC copy the fd like dup does.
	thread_info* t = ctx.thread;
	int64_t res = -1;
	uint64_t cmd = 0;
	if(t == nullptr || !param_i64(ctx, "res", res) || res < 0) return;
	if(!reader::param_uint(from_exit_or_enter(in, ctx, "cmd"), cmd) || (cmd != 1 && cmd != 26)) return;
	fd_table& fds = in.fd_table_of(t);
	auto it = fds.find(t->lastevent_fd);
	if(it == fds.end()) return;
	fd_info copy = it->second;
	copy.open_flags = cmd == 26 ? (copy.open_flags | PPM_O_CLOEXEC) : (copy.open_flags & ~PPM_O_CLOEXEC);
	add_fd(in, t, res, std::move(copy));
}

}  // namespace studio::state
