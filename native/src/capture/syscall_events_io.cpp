// The data-moving syscalls besides read/write: pread64/pwrite64, readv/writev, sendto/recvfrom
// and sendmsg/recvmsg, as their enter/exit events with a data prefix of at most snaplen bytes
// (see syscall_events.h). Socket tuples come from the connected socket; an unconnected
// datagram socket's peer is not looked up, so its tuple is absent.
#include <sys/syscall.h>

#include <cstring>

#include "capture/syscall_events.h"
#include "capture/tracee_memory.h"

namespace studio::capture {

namespace {

enum : uint16_t {
	SENDTO_E = 30,
	RECVFROM_E = 34,
	SENDMSG_E = 48,
	RECVMSG_E = 52,
	PREAD_E = 112,
	PWRITE_E = 114,
	READV_E = 116,
	WRITEV_E = 118,
};

int64_t as_fd(uint64_t arg) {
	return static_cast<int32_t>(static_cast<uint32_t>(arg));
}

uint64_t read_u64(pid_t tid, uint64_t addr) {
	std::string raw = read_memory(tid, addr, 8);
	uint64_t value = 0;
	if (raw.size() == 8) std::memcpy(&value, raw.data(), 8);
	return value;
}

}  // namespace

std::string syscall_events::iovec_prefix(pid_t tid, uint64_t iov, uint64_t count, int64_t available, uint64_t* total) {
	// Steps: walk at most 64 iovecs, summing their lengths; copy from them until snaplen or
	// `available` (the bytes the call moved) runs out.
	std::string data;
	uint64_t sum = 0;
	size_t limit = available > 0 ? static_cast<size_t>(available) : 0;
	if (limit > m_snaplen) limit = m_snaplen;
	for (uint64_t i = 0; i < count && i < 64; i++) {
		uint64_t base = read_u64(tid, iov + 16 * i);
		uint64_t len = read_u64(tid, iov + 16 * i + 8);
		sum += len;
		if (data.size() < limit) {
			size_t take = static_cast<size_t>(len < limit - data.size() ? len : limit - data.size());
			data += read_memory(tid, base, take);
		}
	}
	if (total != nullptr) *total = sum;
	return data;
}

bool syscall_events::io_enter(pid_t tid, const syscall_call& call, uint64_t ts) {
	const uint64_t* a = call.args;
	auto utid = static_cast<uint64_t>(tid);
	uint64_t total = 0;
	switch (call.nr) {
	case SYS_pread64: write(event_builder(PREAD_E, ts, utid).i64(as_fd(a[0])).u32(static_cast<uint32_t>(a[2])).u64(a[3])); return true;
	case SYS_pwrite64: write(event_builder(PWRITE_E, ts, utid).i64(as_fd(a[0])).u32(static_cast<uint32_t>(a[2])).u64(a[3])); return true;
	case SYS_readv: write(event_builder(READV_E, ts, utid).i64(as_fd(a[0]))); return true;
	case SYS_writev:
		iovec_prefix(tid, a[1], a[2], 0, &total);
		write(event_builder(WRITEV_E, ts, utid).i64(as_fd(a[0])).u32(static_cast<uint32_t>(total)));
		return true;
	case SYS_sendto: write(event_builder(SENDTO_E, ts, utid).i64(as_fd(a[0])).u32(static_cast<uint32_t>(a[2])).empty()); return true;
	case SYS_recvfrom: write(event_builder(RECVFROM_E, ts, utid).i64(as_fd(a[0])).u32(static_cast<uint32_t>(a[2]))); return true;
	case SYS_sendmsg:
		iovec_prefix(tid, read_u64(tid, a[1] + 16), read_u64(tid, a[1] + 24), 0, &total);
		write(event_builder(SENDMSG_E, ts, utid).i64(as_fd(a[0])).u32(static_cast<uint32_t>(total)).empty());
		return true;
	case SYS_recvmsg: write(event_builder(RECVMSG_E, ts, utid).i64(as_fd(a[0]))); return true;
	default: return false;
	}
}

bool syscall_events::io_exit(pid_t tid, pid_t pid, const syscall_call& call, int64_t ret, uint64_t ts) {
	const uint64_t* a = call.args;
	auto utid = static_cast<uint64_t>(tid);
	uint64_t total = 0;
	int64_t fd = as_fd(a[0]);
	switch (call.nr) {
	case SYS_pread64:
	case SYS_pwrite64: {
		uint16_t type = call.nr == SYS_pread64 ? PREAD_E + 1 : PWRITE_E + 1;
		write(event_builder(type, ts, utid).i64(ret).bytes(data_prefix(tid, a[1], ret)).i64(fd).u32(static_cast<uint32_t>(a[2])).u64(a[3]));
		return true;
	}
	case SYS_readv: {
		std::string data = iovec_prefix(tid, a[1], a[2], ret, &total);
		write(event_builder(READV_E + 1, ts, utid).i64(ret).u32(static_cast<uint32_t>(total)).bytes(data).i64(fd));
		return true;
	}
	case SYS_writev: {
		std::string data = iovec_prefix(tid, a[1], a[2], ret, &total);
		write(event_builder(WRITEV_E + 1, ts, utid).i64(ret).bytes(data).i64(fd).u32(static_cast<uint32_t>(total)));
		return true;
	}
	case SYS_sendto:
		write(event_builder(SENDTO_E + 1, ts, utid).i64(ret).bytes(data_prefix(tid, a[1], ret)).i64(fd).u32(static_cast<uint32_t>(a[2])).bytes(socket_tuple(pid, fd, true)));
		return true;
	case SYS_recvfrom:
		write(event_builder(RECVFROM_E + 1, ts, utid).i64(ret).bytes(data_prefix(tid, a[1], ret)).bytes(socket_tuple(pid, fd, false)).i64(fd).u32(static_cast<uint32_t>(a[2])));
		return true;
	case SYS_sendmsg: {
		std::string data = iovec_prefix(tid, read_u64(tid, a[1] + 16), read_u64(tid, a[1] + 24), ret, &total);
		write(event_builder(SENDMSG_E + 1, ts, utid).i64(ret).bytes(data).i64(fd).u32(static_cast<uint32_t>(total)).bytes(socket_tuple(pid, fd, true)));
		return true;
	}
	case SYS_recvmsg: {
		std::string data = iovec_prefix(tid, read_u64(tid, a[1] + 16), read_u64(tid, a[1] + 24), ret, &total);
		write(event_builder(RECVMSG_E + 1, ts, utid).i64(ret).u32(static_cast<uint32_t>(total)).bytes(data).bytes(socket_tuple(pid, fd, false)).empty().i64(fd));
		return true;
	}
	default: return false;
	}
}

}  // namespace studio::capture
