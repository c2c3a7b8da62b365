// The syscall event table as C++ data: event ids, names, flags and parameter types, the
// parameter-type sizes, the flag tables and the ppm syscall-code names. The data part is
// generated from data/event-schema.json by scripts/native/gen-schema.js into
// event_table_gen.cpp (committed; a test fails when it is stale). This header only declares.
// It does not decode parameters (see reader/raw_event.h) and knows nothing about state.
#pragma once

#include <cstddef>
#include <cstdint>

namespace studio::schema {

/** Parameter types, with the PT_* numeric values of the event schema. */
enum class param_type : uint8_t {
	PT_NONE = 0,
	PT_INT8 = 1,
	PT_INT16 = 2,
	PT_INT32 = 3,
	PT_INT64 = 4,
	PT_UINT8 = 5,
	PT_UINT16 = 6,
	PT_UINT32 = 7,
	PT_UINT64 = 8,
	PT_CHARBUF = 9,
	PT_BYTEBUF = 10,
	PT_ERRNO = 11,
	PT_SOCKADDR = 12,
	PT_SOCKTUPLE = 13,
	PT_FD = 14,
	PT_PID = 15,
	PT_FDLIST = 16,
	PT_FSPATH = 17,
	PT_SYSCALLID = 18,
	PT_SIGTYPE = 19,
	PT_RELTIME = 20,
	PT_ABSTIME = 21,
	PT_PORT = 22,
	PT_L4PROTO = 23,
	PT_SOCKFAMILY = 24,
	PT_BOOL = 25,
	PT_IPV4ADDR = 26,
	PT_DYN = 27,
	PT_FLAGS8 = 28,
	PT_FLAGS16 = 29,
	PT_FLAGS32 = 30,
	PT_UID = 31,
	PT_GID = 32,
	PT_DOUBLE = 33,
	PT_SIGSET = 34,
	PT_CHARBUFARRAY = 35,
	PT_CHARBUF_PAIR_ARRAY = 36,
	PT_IPV4NET = 37,
	PT_IPV6ADDR = 38,
	PT_IPV6NET = 39,
	PT_IPADDR = 40,
	PT_IPNET = 41,
	PT_MODE = 42,
	PT_FSRELPATH = 43,
	PT_ENUMFLAGS8 = 44,
	PT_ENUMFLAGS16 = 45,
	PT_ENUMFLAGS32 = 46,
	PT_FD32 = 47,
	PT_PID32 = 48,
};

/** EF_* event flags (bit values of the event schema). */
enum event_flag : uint32_t {
	EF_NONE = 0,
	EF_CREATES_FD = 1u << 0,
	EF_DESTROYS_FD = 1u << 1,
	EF_USES_FD = 1u << 2,
	EF_READS_FROM_FD = 1u << 3,
	EF_WRITES_TO_FD = 1u << 4,
	EF_MODIFIES_STATE = 1u << 5,
	EF_UNUSED = 1u << 6,
	EF_WAITS = 1u << 7,
	EF_SKIPPARSERESET = 1u << 8,
	EF_OLD_VERSION = 1u << 9,
	EF_DROP_SIMPLE_CONS = 1u << 10,
	EF_LARGE_PAYLOAD = 1u << 11,
	EF_CONVERTER_MANAGED = 1u << 12,
};

/** One named value of a flag table (for example PPM_O_RDONLY = 1). */
struct flag_entry {
	const char* name;
	uint64_t value;
};

/** A flag table of the schema, by its schema name (for example "file_flags"). */
struct flag_table {
	const char* name;
	const flag_entry* entries;
	uint32_t count;
};

/** One parameter slot of an event. */
struct param_info {
	const char* name;
	param_type type;
	/** PF_* print format value. */
	uint8_t format;
	/** For PT_FSRELPATH: the index of the dirfd parameter, else -1. */
	int8_t dirfd_param;
	/** The flag table for FLAGS/ENUMFLAGS params, or nullptr. */
	const flag_table* flags;
};

/** One event id. */
struct event_info {
	/** Table name, e.g. "open"; generic events are "syscall". */
	const char* name;
	/** EF_* bits. */
	uint32_t flags;
	/** Category bits (EC_*), as in the schema's category_value. */
	uint32_t category;
	uint16_t nparams;
	const param_info* params;
};

/** Number of event ids in the table (ids are 0 .. EVENT_COUNT-1). */
extern const uint16_t EVENT_COUNT;
/** The event table, indexed by id. */
extern const event_info g_events[];

/** Number of ppm syscall codes. */
extern const uint16_t SYSCALL_COUNT;
/** Lower-case syscall names by ppm syscall code (PT_SYSCALLID values); [0] is "unknown". */
extern const char* const g_syscall_names[];

/** Every flag table of the schema. */
extern const flag_table g_flag_tables[];
extern const uint32_t FLAG_TABLE_COUNT;

/** The event for an id, or nullptr when the id is past the table (a newer producer). */
inline const event_info* event_by_type(uint16_t type) {
	return type < EVENT_COUNT ? &g_events[type] : nullptr;
}

/** The fixed byte size of a parameter type, or -1 when its length is variable. */
int fixed_param_size(param_type type);

/** True for even ids (enter events, printed ">"). */
inline bool is_enter(uint16_t type) {
	return (type & 1u) == 0;
}

/** A flag table by schema name, or nullptr. */
const flag_table* find_flag_table(const char* name);

}  // namespace studio::schema
