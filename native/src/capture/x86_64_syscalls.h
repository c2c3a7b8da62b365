// The x86_64 syscall names by native number (generated data in x86_64_syscalls.cpp). Used to
// map a traced syscall to its ppm syscall code for generic events; nothing else.
#pragma once

#include <cstdint>

namespace studio::capture {

/** Names by native number; entries may be nullptr. */
extern const char* const g_x86_64_syscalls[];
extern const uint32_t X86_64_SYSCALL_COUNT;

}  // namespace studio::capture
