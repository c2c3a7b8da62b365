// Reads what the capture's metadata and process events need from /proc and /etc: a thread's
// PL entry (comm, argv, exe path, cwd, ids, memory, env, cgroups), a process's open fds, the
// user and group lists and the machine info. Linux only. It never follows a process over
// time: each call is one snapshot, and a process that vanished gives an empty/false result.
#pragma once

#include <sys/types.h>

#include <string>
#include <vector>

#include "capture/scap_writer.h"

namespace studio::capture {

/** Fills `entry` from /proc/<tid> (tid = pid for leaders). False when the process is gone. */
bool read_thread_entry(pid_t pid, pid_t tid, thread_entry& entry);

/** The parent pid of a process (0 when unknown). */
pid_t read_parent_pid(pid_t pid);

/** The open fds of a process as FDL entries (files, dirs, pipes, sockets, anon inodes). */
std::vector<fd_entry> read_fds(pid_t pid);

/** The host's IPv4 and IPv6 addresses (getifaddrs). */
std::vector<interface_entry> read_interfaces();

/** Users from /etc/passwd and groups from /etc/group. */
std::vector<user_entry> read_users();

/** CPU count, memory, pid_max, hostname and boot time. */
machine_info read_machine_info();

/** The whole content of a (small) file, or empty. */
std::string read_text_file(const std::string& path);

/** Linux O_* flags as PPM_O_* bits (scap-format.md §4.4): RDONLY is 1, not 0. */
uint32_t ppm_open_flags(int linux_flags);

/** The target of /proc/<pid>/fd/<fd>, or empty. */
std::string fd_link(pid_t pid, int64_t fd);

/** dev (new_encode_dev form) and inode of /proc/<pid>/fd/<fd>; false when unknown. */
bool fd_dev_ino(pid_t pid, int64_t fd, uint32_t& dev, uint64_t& ino);

}  // namespace studio::capture
