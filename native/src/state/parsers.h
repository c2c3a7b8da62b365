// The per-syscall-family parsers that apply one event to the inspector's state, in the
// libsinsp 0.29.3 model (legacy enter events carry arguments; see scap-format.md §6-7).
// Split by family: parse_process.cpp (clone, execve, procexit, chdir, set*id), parse_file.cpp
// (open family, close, dup, pipe, other fd creators), parse_net.cpp (socket, bind, connect,
// accept, socketpair). Internal to state/.
#pragma once

#include <string>
#include <string_view>

#include "reader/params.h"
#include "state/inspector.h"

namespace studio::state {

struct parsers {
	using fn = void (*)(inspector& in, event_context& ctx);

	// Parameter access by schema name on the current event and on the stored enter. `name`
	// must be a string literal (index_of memoises by its address, per inspector).
	static int index_of(const inspector& in, const schema::event_info* info, const char* name);
	static int scan_index(const schema::event_info* info, const char* name);
	static reader::param_view param(const event_context& ctx, const char* name);
	static reader::param_view enter(const inspector& in, const char* name);
	static bool param_i64(const event_context& ctx, const char* name, int64_t& out);
	static bool enter_i64(const inspector& in, const char* name, int64_t& out);

	// State helpers shared by the families.
	static fd_info* add_fd(inspector& in, thread_info* t, int64_t fd, fd_info info);
	static std::string concatenate_paths(std::string_view dir, std::string_view name);
	static std::string container_id_from_cgroups(const std::vector<std::string>& cgroups);
	static std::vector<std::string> split_nul(const reader::param_view& p);

	// Process family.
	static void clone_exit(inspector& in, event_context& ctx);
	static void execve_exit(inspector& in, event_context& ctx);
	static void procexit(inspector& in, event_context& ctx);
	static void chdir_exit(inspector& in, event_context& ctx);
	static void fchdir_exit(inspector& in, event_context& ctx);
	static void chroot_exit(inspector& in, event_context& ctx);
	static void setuid_exit(inspector& in, event_context& ctx);
	static void setgid_exit(inspector& in, event_context& ctx);
	static void setresuid_exit(inspector& in, event_context& ctx);
	static void setresgid_exit(inspector& in, event_context& ctx);

	// File family.
	static void open_exit(inspector& in, event_context& ctx);
	static void close_exit(inspector& in, event_context& ctx);
	static void dup_exit(inspector& in, event_context& ctx);
	static void pipe_exit(inspector& in, event_context& ctx);
	static void simple_fd_exit(inspector& in, event_context& ctx);
	static void fcntl_exit(inspector& in, event_context& ctx);

	// Network family.
	static void socket_exit(inspector& in, event_context& ctx);
	static void bind_exit(inspector& in, event_context& ctx);
	static void connect_exit(inspector& in, event_context& ctx);
	static void accept_exit(inspector& in, event_context& ctx);
	static void socketpair_exit(inspector& in, event_context& ctx);
	static void send_exit(inspector& in, event_context& ctx);
	/** Fills an unset source address of a tuple from the interface list. */
	static void patch_tuple(const inspector& in, reader::socket_address& a);
};

}  // namespace studio::state
