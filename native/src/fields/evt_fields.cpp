// evt.* and syscall.type fields: numbering, type and direction, times, result, arguments,
// I/O and open classification. Table first, extraction functions after.
#include <cstring>
#include <ctime>
#include <vector>

#include "fields/field_table.h"
#include "reader/params.h"
#include "schema/event_table.h"

namespace studio::fields {

namespace {

using state::event_context;
using V = std::vector<field_value>;

constexpr uint32_t PPM_O_RDONLY = 1;
constexpr uint32_t PPM_O_WRONLY = 2;
constexpr uint32_t PPM_O_F_CREATED = 1u << 14;
constexpr uint32_t EC_SYSCALL = 1u << 9;

int param_index(const schema::event_info* info, const char* name) {
	if(info == nullptr) return -1;
	for(uint16_t i = 0; i < info->nparams; i++) {
		if(std::strcmp(info->params[i].name, name) == 0) return i;
	}
	return -1;
}

/** Positions of the params the evt fields read by name, per event type (-1 when absent). */
struct known_params {
	int res = -1;
	int fd = -1;
	int flags = -1;
	int mode = -1;
	int data = -1;
	bool open_family = false;
};

/** Computed once from the event table, so hot fields do not compare names per event. */
const known_params& known(const schema::event_info* info) {
	static const std::vector<known_params> table = [] {
		std::vector<known_params> t(schema::EVENT_COUNT);
		for(uint16_t i = 0; i < schema::EVENT_COUNT; i++) {
			const schema::event_info* e = &schema::g_events[i];
			t[i].res = param_index(e, "res");
			t[i].fd = param_index(e, "fd");
			t[i].flags = param_index(e, "flags");
			t[i].mode = param_index(e, "mode");
			t[i].data = param_index(e, "data");
			const char* n = e->name;
			t[i].open_family = std::strcmp(n, "open") == 0 || std::strcmp(n, "openat") == 0 ||
			                   std::strcmp(n, "openat2") == 0 || std::strcmp(n, "open_by_handle_at") == 0;
		}
		return t;
	}();
	static const known_params none;
	if(info == nullptr) return none;
	// info comes from schema::event_by_type, so it points into g_events; checked all the same.
	uintptr_t base = reinterpret_cast<uintptr_t>(&schema::g_events[0]);
	uintptr_t at = reinterpret_cast<uintptr_t>(info);
	if(at < base || (at - base) % sizeof(schema::event_info) != 0) return none;
	size_t index = (at - base) / sizeof(schema::event_info);
	return index < table.size() ? table[index] : none;
}

/** The result of an exit: the "res" param, or "fd" for fd-creating exits. */
bool result(const event_context& c, int64_t& res) {
	if(schema::is_enter(c.evt->type)) return false;
	const known_params& k = known(c.info);
	int i = k.res;
	if(i < 0 && (c.info->flags & schema::EF_CREATES_FD) != 0) i = k.fd;
	return i >= 0 && reader::param_int(c.evt->param(static_cast<uint32_t>(i)), res);
}

const char* type_name(const event_context& c) {
	if(c.evt->type <= 1) {
		uint64_t id = 0;
		if(reader::param_uint(c.evt->param(0), id) && id > 0 && id < schema::SYSCALL_COUNT &&
		   schema::g_syscall_names[id][0] != '\0') {
			return schema::g_syscall_names[id];
		}
		return "<unknown>";
	}
	return c.info->name;
}

bool format_time(const event_context& c, const char* fmt, bool nanos, bool iso, scratch& s, V& out) {
	time_t secs = static_cast<time_t>(c.evt->ts / 1000000000ull);
	struct tm tmv;
	gmtime_r(&secs, &tmv);
	char buf[64];
	size_t n = std::strftime(buf, sizeof(buf), fmt, &tmv);
	std::string text(buf, n);
	if(nanos) {
		std::snprintf(buf, sizeof(buf), ".%09llu", static_cast<unsigned long long>(c.evt->ts % 1000000000ull));
		text += buf;
	}
	if(iso) text += 'Z';
	return push_owned(out, s, std::move(text));
}

/** Open flags of an open-family exit (exit param, else the stored enter's). */
bool open_flags(const event_context& c, uint64_t& flags) {
	const known_params& k = known(c.info);
	if(schema::is_enter(c.evt->type) || !k.open_family) return false;
	int i = k.flags;
	if(i >= 0 && reader::param_uint(c.evt->param(static_cast<uint32_t>(i)), flags)) return true;
	if(c.insp->has_enter()) {
		int e = known(schema::event_by_type(static_cast<uint16_t>(c.evt->type - 1))).flags;
		if(e >= 0 && reader::param_uint(c.insp->enter_param(static_cast<uint32_t>(e)), flags)) return true;
	}
	return false;
}

bool f_num(const event_context& c, const field_args&, scratch&, V& out) { return push_u(out, c.evt->num); }
bool f_type(const event_context& c, const field_args&, scratch&, V& out) { return push_str(out, type_name(c)); }
bool f_type_is(const event_context& c, const field_args& a, scratch&, V& out) {
	return push_u(out, a.text == type_name(c) ? 1 : 0);
}
bool f_syscall_type(const event_context& c, const field_args&, scratch&, V& out) {
	if((c.info->category & EC_SYSCALL) == 0) return false;
	return push_str(out, type_name(c));
}
bool f_dir(const event_context& c, const field_args&, scratch&, V& out) {
	return push_str(out, schema::is_enter(c.evt->type) ? ">" : "<");
}
bool f_time(const event_context& c, const field_args&, scratch& s, V& out) {
	return format_time(c, "%H:%M:%S", true, false, s, out);
}
bool f_time_s(const event_context& c, const field_args&, scratch& s, V& out) {
	return format_time(c, "%H:%M:%S", false, false, s, out);
}
bool f_time_iso(const event_context& c, const field_args&, scratch& s, V& out) {
	return format_time(c, "%Y-%m-%dT%H:%M:%S", true, true, s, out);
}
bool f_datetime(const event_context& c, const field_args&, scratch& s, V& out) {
	return format_time(c, "%Y-%m-%d %H:%M:%S", true, false, s, out);
}
bool f_datetime_s(const event_context& c, const field_args&, scratch& s, V& out) {
	return format_time(c, "%Y-%m-%d %H:%M:%S", false, false, s, out);
}
bool f_rawtime(const event_context& c, const field_args&, scratch&, V& out) { return push_u(out, c.evt->ts); }
bool f_rawtime_s(const event_context& c, const field_args&, scratch&, V& out) {
	return push_u(out, c.evt->ts / 1000000000ull);
}
bool f_rawtime_ns(const event_context& c, const field_args&, scratch&, V& out) {
	return push_u(out, c.evt->ts % 1000000000ull);
}
bool f_cpu(const event_context& c, const field_args&, scratch&, V& out) { return push_i(out, c.evt->cpuid); }
bool f_source(const event_context&, const field_args&, scratch&, V& out) { return push_str(out, "syscall"); }
bool f_is_async(const event_context&, const field_args&, scratch&, V& out) { return push_bool(out, false); }
bool f_hostname(const event_context& c, const field_args&, scratch&, V& out) {
	return push_str(out, c.insp->machine().hostname);
}
bool f_res(const event_context& c, const field_args&, scratch&, V& out) {
	int64_t res = 0;
	if(!result(c, res)) return false;
	if(res >= 0) return push_str(out, "SUCCESS");
	const char* name = errno_name(-res);
	return name != nullptr ? push_str(out, name) : false;
}
bool f_rawres(const event_context& c, const field_args&, scratch&, V& out) {
	int64_t res = 0;
	return result(c, res) && push_i(out, res);
}
bool f_failed(const event_context& c, const field_args&, scratch&, V& out) {
	int64_t res = 0;
	return push_bool(out, result(c, res) && res < 0);
}
bool f_args(const event_context& c, const field_args&, scratch& s, V& out) {
	std::string text;
	for(uint32_t i = 0; i < c.evt->nparams && i < c.info->nparams; i++) {
		if(!text.empty()) text += ' ';
		text += c.info->params[i].name;
		text += '=';
		format_param(c, i, text);
	}
	return push_owned(out, s, std::move(text));
}
bool f_arg(const event_context& c, const field_args& a, scratch& s, V& out) {
	int i = a.index >= 0 ? static_cast<int>(a.index) : param_index(c.info, a.text.c_str());
	std::string text;
	if(i < 0 || !format_param(c, static_cast<uint32_t>(i), text)) return false;
	return push_owned(out, s, std::move(text));
}
bool f_buffer(const event_context& c, const field_args&, scratch&, V& out) {
	int i = known(c.info).data;
	if(i < 0) return false;
	reader::param_view p = c.evt->param(static_cast<uint32_t>(i));
	return push_str(out, std::string_view(reinterpret_cast<const char*>(p.data), p.len));
}
bool f_buflen(const event_context& c, const field_args&, scratch&, V& out) {
	int64_t res = 0;
	if((c.info->flags & (schema::EF_READS_FROM_FD | schema::EF_WRITES_TO_FD)) == 0 || !result(c, res) || res < 0) {
		return false;
	}
	return push_u(out, static_cast<uint64_t>(res));
}
bool f_is_io(const event_context& c, const field_args&, scratch&, V& out) {
	return push_bool(out, (c.info->flags & (schema::EF_READS_FROM_FD | schema::EF_WRITES_TO_FD)) != 0);
}
bool f_is_io_read(const event_context& c, const field_args&, scratch&, V& out) {
	return push_bool(out, (c.info->flags & schema::EF_READS_FROM_FD) != 0);
}
bool f_is_io_write(const event_context& c, const field_args&, scratch&, V& out) {
	return push_bool(out, (c.info->flags & schema::EF_WRITES_TO_FD) != 0);
}
bool f_io_dir(const event_context& c, const field_args&, scratch&, V& out) {
	if((c.info->flags & schema::EF_READS_FROM_FD) != 0) return push_str(out, "read");
	if((c.info->flags & schema::EF_WRITES_TO_FD) != 0) return push_str(out, "write");
	return false;
}
bool f_is_wait(const event_context& c, const field_args&, scratch&, V& out) {
	return push_bool(out, (c.info->flags & schema::EF_WAITS) != 0);
}
bool f_count(const event_context&, const field_args&, scratch&, V& out) { return push_u(out, 1); }
bool f_is_open_read(const event_context& c, const field_args&, scratch&, V& out) {
	uint64_t f = 0;
	return push_bool(out, open_flags(c, f) && (f & PPM_O_RDONLY) != 0);
}
bool f_is_open_write(const event_context& c, const field_args&, scratch&, V& out) {
	uint64_t f = 0;
	return push_bool(out, open_flags(c, f) && (f & PPM_O_WRONLY) != 0);
}
bool f_is_open_exec(const event_context& c, const field_args&, scratch&, V& out) {
	// Created (O_CREAT or O_TMPFILE) with an execute bit in the mode.
	uint64_t f = 0, mode = 0;
	bool open = open_flags(c, f);
	int i = known(c.info).mode;
	if(open && i >= 0) reader::param_uint(c.evt->param(static_cast<uint32_t>(i)), mode);
	return push_bool(out, open && (f & (4u | 8192u)) != 0 && (mode & 0111) != 0);
}
bool f_is_open_create(const event_context& c, const field_args&, scratch&, V& out) {
	uint64_t f = 0;
	return push_bool(out, open_flags(c, f) && (f & PPM_O_F_CREATED) != 0);
}

bool f_reltime(const event_context& c, const field_args&, scratch&, V& out) {
	return c.first_ts != 0 && c.evt->ts >= c.first_ts && push_u(out, c.evt->ts - c.first_ts);
}
bool f_reltime_s(const event_context& c, const field_args&, scratch&, V& out) {
	return c.first_ts != 0 && c.evt->ts >= c.first_ts && push_u(out, (c.evt->ts - c.first_ts) / 1000000000ull);
}
bool f_reltime_ns(const event_context& c, const field_args&, scratch&, V& out) {
	return c.first_ts != 0 && c.evt->ts >= c.first_ts && push_u(out, (c.evt->ts - c.first_ts) % 1000000000ull);
}
bool f_deltatime(const event_context& c, const field_args&, scratch&, V& out) {
	return push_u(out, c.prev_ts != 0 && c.evt->ts >= c.prev_ts ? c.evt->ts - c.prev_ts : 0);
}
bool f_deltatime_s(const event_context& c, const field_args&, scratch&, V& out) {
	return push_u(out, (c.prev_ts != 0 && c.evt->ts >= c.prev_ts ? c.evt->ts - c.prev_ts : 0) / 1000000000ull);
}
bool f_deltatime_ns(const event_context& c, const field_args&, scratch&, V& out) {
	return push_u(out, (c.prev_ts != 0 && c.evt->ts >= c.prev_ts ? c.evt->ts - c.prev_ts : 0) % 1000000000ull);
}

using FT = field_type;
const field_def k_fields[] = {
    {{"evt.num", FT::UINT64, false, arg_kind::none, false, "event number"}, f_num},
    {{"evt.type", FT::CHARBUF, false, arg_kind::none, false, "event type"}, f_type},
    {{"evt.type.is", FT::UINT32, false, arg_kind::key, true, "1 when the type is the argument"}, f_type_is},
    {{"syscall.type", FT::CHARBUF, false, arg_kind::none, false, "syscall name"}, f_syscall_type},
    {{"evt.dir", FT::CHARBUF, false, arg_kind::none, false, "direction"}, f_dir},
    {{"evt.time", FT::CHARBUF, false, arg_kind::none, false, "time"}, f_time},
    {{"evt.time.s", FT::CHARBUF, false, arg_kind::none, false, "time in seconds"}, f_time_s},
    {{"evt.time.iso8601", FT::CHARBUF, false, arg_kind::none, false, "ISO 8601 time"}, f_time_iso},
    {{"evt.datetime", FT::CHARBUF, false, arg_kind::none, false, "date and time"}, f_datetime},
    {{"evt.datetime.s", FT::CHARBUF, false, arg_kind::none, false, "date and time in seconds"}, f_datetime_s},
    {{"evt.rawtime", FT::ABSTIME, false, arg_kind::none, false, "timestamp"}, f_rawtime},
    {{"evt.rawtime.s", FT::ABSTIME, false, arg_kind::none, false, "timestamp seconds"}, f_rawtime_s},
    {{"evt.rawtime.ns", FT::ABSTIME, false, arg_kind::none, false, "timestamp nanoseconds"}, f_rawtime_ns},
    {{"evt.cpu", FT::INT16, false, arg_kind::none, false, "cpu"}, f_cpu},
    {{"evt.source", FT::CHARBUF, false, arg_kind::none, false, "event source"}, f_source},
    {{"evt.is_async", FT::BOOL, false, arg_kind::none, false, "async event"}, f_is_async},
    {{"evt.hostname", FT::CHARBUF, false, arg_kind::none, false, "host name"}, f_hostname},
    {{"evt.res", FT::CHARBUF, false, arg_kind::none, false, "result"}, f_res},
    {{"evt.rawres", FT::INT64, false, arg_kind::none, false, "raw result"}, f_rawres},
    {{"evt.failed", FT::BOOL, false, arg_kind::none, false, "failed"}, f_failed},
    {{"evt.args", FT::CHARBUF, false, arg_kind::none, false, "all arguments"}, f_args},
    {{"evt.info", FT::CHARBUF, false, arg_kind::none, false, "arguments as text"}, f_args},
    {{"evt.reltime", FT::RELTIME, false, arg_kind::none, false, "time since the first event"}, f_reltime},
    {{"evt.reltime.s", FT::RELTIME, false, arg_kind::none, false, "seconds since the first event"}, f_reltime_s},
    {{"evt.reltime.ns", FT::RELTIME, false, arg_kind::none, false, "ns part of reltime"}, f_reltime_ns},
    {{"evt.deltatime", FT::RELTIME, false, arg_kind::none, false, "time since the previous event"}, f_deltatime},
    {{"evt.deltatime.s", FT::RELTIME, false, arg_kind::none, false, "seconds since the previous event"}, f_deltatime_s},
    {{"evt.deltatime.ns", FT::RELTIME, false, arg_kind::none, false, "ns part of deltatime"}, f_deltatime_ns},
    {{"evt.arg", FT::CHARBUF, false, arg_kind::any, true, "one argument"}, f_arg},
    {{"evt.buffer", FT::BYTEBUF, false, arg_kind::none, false, "I/O buffer"}, f_buffer},
    {{"evt.buflen", FT::UINT64, false, arg_kind::none, false, "I/O length"}, f_buflen},
    {{"evt.is_io", FT::BOOL, false, arg_kind::none, false, "I/O event"}, f_is_io},
    {{"evt.is_io_read", FT::BOOL, false, arg_kind::none, false, "read event"}, f_is_io_read},
    {{"evt.is_io_write", FT::BOOL, false, arg_kind::none, false, "write event"}, f_is_io_write},
    {{"evt.io_dir", FT::CHARBUF, false, arg_kind::none, false, "I/O direction"}, f_io_dir},
    {{"evt.is_wait", FT::BOOL, false, arg_kind::none, false, "waiting event"}, f_is_wait},
    {{"evt.count", FT::UINT32, false, arg_kind::none, false, "1 for every event"}, f_count},
    {{"evt.is_open_read", FT::BOOL, false, arg_kind::none, false, "opened for reading"}, f_is_open_read},
    {{"evt.is_open_write", FT::BOOL, false, arg_kind::none, false, "opened for writing"}, f_is_open_write},
    {{"evt.is_open_exec", FT::BOOL, false, arg_kind::none, false, "created executable"}, f_is_open_exec},
    {{"evt.is_open_create", FT::BOOL, false, arg_kind::none, false, "open created the file"}, f_is_open_create},
};

}  // namespace

field_class evt_field_class() {
	return {k_fields, sizeof(k_fields) / sizeof(k_fields[0])};
}

}  // namespace studio::fields
