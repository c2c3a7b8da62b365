// Reads a traced thread's memory (process_vm_readv) and decodes the socket addresses found
// there or behind its fds into the scap SOCKADDR and SOCKTUPLE encodings (scap-format.md §4.4).
// Reading never throws: unreadable memory gives an empty result, which the events carry as
// an absent parameter.
#pragma once

#include <sys/types.h>

#include <cstdint>
#include <string>

namespace studio::capture {

/** Up to `len` bytes at `addr` in thread `tid` (fewer when part is unmapped). */
std::string read_memory(pid_t tid, uint64_t addr, size_t len);

/** A NUL-terminated string at `addr`, at most `max` bytes, without the NUL. */
std::string read_string(pid_t tid, uint64_t addr, size_t max = 4096);

/** A NULL-terminated array of string pointers (argv, envp) as NUL-separated strings. */
std::string read_string_array(pid_t tid, uint64_t addr, size_t max_items = 256);

/** A struct sockaddr of `len` bytes as a PT_SOCKADDR value; empty for other families. */
std::string encode_sockaddr(const std::string& raw);

/**
 * The tuple of socket `fd` of process `pid`, read through a duplicate of the fd
 * (pidfd_getfd): `local_first` puts the local end first (connect), otherwise the peer
 * first (accept). Empty when the fd is not an inet socket or cannot be duplicated.
 */
std::string socket_tuple(pid_t pid, int64_t fd, bool local_first);

/** The local address of socket `fd` of `pid` as a PT_SOCKADDR (bind), or empty. */
std::string socket_local_addr(pid_t pid, int64_t fd);

}  // namespace studio::capture
