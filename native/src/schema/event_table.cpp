// Small lookups over the generated event table: fixed parameter sizes and flag tables by name.
// The table data itself is in event_table_gen.cpp.
#include "schema/event_table.h"

#include <cstring>

namespace studio::schema {

int fixed_param_size(param_type type) {
	switch(type) {
	case param_type::PT_INT8:
	case param_type::PT_UINT8:
	case param_type::PT_SIGTYPE:
	case param_type::PT_L4PROTO:
	case param_type::PT_SOCKFAMILY:
	case param_type::PT_FLAGS8:
	case param_type::PT_ENUMFLAGS8:
		return 1;
	case param_type::PT_INT16:
	case param_type::PT_UINT16:
	case param_type::PT_SYSCALLID:
	case param_type::PT_PORT:
	case param_type::PT_FLAGS16:
	case param_type::PT_ENUMFLAGS16:
		return 2;
	case param_type::PT_INT32:
	case param_type::PT_UINT32:
	case param_type::PT_BOOL:
	case param_type::PT_IPV4ADDR:
	case param_type::PT_FLAGS32:
	case param_type::PT_UID:
	case param_type::PT_GID:
	case param_type::PT_SIGSET:
	case param_type::PT_MODE:
	case param_type::PT_ENUMFLAGS32:
	case param_type::PT_FD32:
	case param_type::PT_PID32:
		return 4;
	case param_type::PT_INT64:
	case param_type::PT_UINT64:
	case param_type::PT_ERRNO:
	case param_type::PT_FD:
	case param_type::PT_PID:
	case param_type::PT_RELTIME:
	case param_type::PT_ABSTIME:
	case param_type::PT_DOUBLE:
		return 8;
	case param_type::PT_IPV6ADDR:
		return 16;
	default:
		return -1;
	}
}

const flag_table* find_flag_table(const char* name) {
	for(uint32_t i = 0; i < FLAG_TABLE_COUNT; i++) {
		if(std::strcmp(g_flag_tables[i].name, name) == 0) {
			return &g_flag_tables[i];
		}
	}
	return nullptr;
}

}  // namespace studio::schema
