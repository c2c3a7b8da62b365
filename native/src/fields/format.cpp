// Type names and text formatting for extracted values (what `sysdig -p` prints), the errno
// name table used by evt.res, and sysdig-style formatting of raw event parameters for
// evt.arg/evt.args (flags by name, errno names, fds with their type and name, addresses).
#include <arpa/inet.h>

#include <cinttypes>
#include <cstdio>
#include <cstring>

#include "fields/field_table.h"
#include "reader/params.h"
#include "schema/event_table.h"
#include "state/fd_info.h"

namespace studio::fields {

const char* field_type_name(field_type type) {
	switch(type) {
	case field_type::CHARBUF: return "charbuf";
	case field_type::BYTEBUF: return "bytebuf";
	case field_type::INT8: return "int8";
	case field_type::INT16: return "int16";
	case field_type::INT32: return "int32";
	case field_type::INT64: return "int64";
	case field_type::UINT8: return "uint8";
	case field_type::UINT16: return "uint16";
	case field_type::UINT32: return "uint32";
	case field_type::UINT64: return "uint64";
	case field_type::BOOL: return "bool";
	case field_type::RELTIME: return "reltime";
	case field_type::ABSTIME: return "abstime";
	case field_type::PORT: return "port";
	case field_type::L4PROTO: return "l4proto";
	case field_type::SOCKFAMILY: return "sockfamily";
	case field_type::IPADDR: return "ipaddr";
	case field_type::IPNET: return "ipnet";
	case field_type::MODE: return "mode";
	case field_type::DOUBLE: return "double";
	case field_type::ERRNO: return "errno";
	case field_type::FD: return "fd";
	case field_type::PID: return "pid";
	case field_type::FSPATH: return "fspath";
	case field_type::SYSCALLID: return "syscallid";
	case field_type::SIGTYPE: return "sigtype";
	case field_type::FLAGS8: return "flags8";
	case field_type::FLAGS16: return "flags16";
	case field_type::FLAGS32: return "flags32";
	case field_type::UID: return "uid";
	case field_type::GID: return "gid";
	case field_type::DYNAMIC: return "dynamic";
	}
	return "unknown";
}

bool is_numeric(field_type type) {
	switch(type) {
	case field_type::CHARBUF:
	case field_type::BYTEBUF:
	case field_type::FSPATH:
	case field_type::IPADDR:
	case field_type::IPNET:
		return false;
	default:
		return true;
	}
}

bool is_signed(field_type type) {
	switch(type) {
	case field_type::INT8:
	case field_type::INT16:
	case field_type::INT32:
	case field_type::INT64:
	case field_type::ERRNO:
	case field_type::FD:
	case field_type::PID:
		return true;
	default:
		return false;
	}
}

void format_value(field_type type, const field_value& v, std::string& out) {
	char buf[64];
	switch(type) {
	case field_type::CHARBUF:
	case field_type::FSPATH:
		out.append(v.str);
		return;
	case field_type::BYTEBUF:
		for(char c : v.str) out += (c >= 32 && c < 127) ? c : '.';
		return;
	case field_type::BOOL:
		out += v.u != 0 ? "true" : "false";
		return;
	case field_type::IPADDR:
	case field_type::IPNET:
		if(v.str.size() == 4 || v.str.size() == 16) {
			out += state::format_ip(reinterpret_cast<const uint8_t*>(v.str.data()), v.str.size() == 16);
		}
		return;
	case field_type::DOUBLE:
		std::snprintf(buf, sizeof(buf), "%.2f", v.d);
		out += buf;
		return;
	default:
		if(is_signed(type)) {
			out += std::to_string(v.i);
		} else {
			out += std::to_string(v.u);
		}
		return;
	}
}

const char* errno_name(int64_t err) {
	static const char* const names[] = {
	    "SUCCESS", "EPERM", "ENOENT", "ESRCH", "EINTR", "EIO", "ENXIO", "E2BIG", "ENOEXEC", "EBADF", "ECHILD",
	    "EAGAIN", "ENOMEM", "EACCES", "EFAULT", "ENOTBLK", "EBUSY", "EEXIST", "EXDEV", "ENODEV", "ENOTDIR",
	    "EISDIR", "EINVAL", "ENFILE", "EMFILE", "ENOTTY", "ETXTBSY", "EFBIG", "ENOSPC", "ESPIPE", "EROFS",
	    "EMLINK", "EPIPE", "EDOM", "ERANGE", "EDEADLK", "ENAMETOOLONG", "ENOLCK", "ENOSYS", "ENOTEMPTY",
	    "ELOOP", nullptr, "ENOMSG", "EIDRM", "ECHRNG", "EL2NSYNC", "EL3HLT", "EL3RST", "ELNRNG", "EUNATCH",
	    "ENOCSI", "EL2HLT", "EBADE", "EBADR", "EXFULL", "ENOANO", "EBADRQC", "EBADSLT", nullptr, "EBFONT",
	    "ENOSTR", "ENODATA", "ETIME", "ENOSR", "ENONET", "ENOPKG", "EREMOTE", "ENOLINK", "EADV", "ESRMNT",
	    "ECOMM", "EPROTO", "EMULTIHOP", "EDOTDOT", "EBADMSG", "EOVERFLOW", "ENOTUNIQ", "EBADFD", "EREMCHG",
	    "ELIBACC", "ELIBBAD", "ELIBSCN", "ELIBMAX", "ELIBEXEC", "EILSEQ", "ERESTART", "ESTRPIPE", "EUSERS",
	    "ENOTSOCK", "EDESTADDRREQ", "EMSGSIZE", "EPROTOTYPE", "ENOPROTOOPT", "EPROTONOSUPPORT",
	    "ESOCKTNOSUPPORT", "EOPNOTSUPP", "EPFNOSUPPORT", "EAFNOSUPPORT", "EADDRINUSE", "EADDRNOTAVAIL",
	    "ENETDOWN", "ENETUNREACH", "ENETRESET", "ECONNABORTED", "ECONNRESET", "ENOBUFS", "EISCONN",
	    "ENOTCONN", "ESHUTDOWN", "ETOOMANYREFS", "ETIMEDOUT", "ECONNREFUSED", "EHOSTDOWN", "EHOSTUNREACH",
	    "EALREADY", "EINPROGRESS", "ESTALE", "EUCLEAN", "ENOTNAM", "ENAVAIL", "EISNAM", "EREMOTEIO", "EDQUOT",
	    "ENOMEDIUM", "EMEDIUMTYPE", "ECANCELED", "ENOKEY", "EKEYEXPIRED", "EKEYREVOKED", "EKEYREJECTED",
	    "EOWNERDEAD", "ENOTRECOVERABLE", "ERFKILL", "EHWPOISON"};
	if(err > 0 && err < static_cast<int64_t>(sizeof(names) / sizeof(names[0]))) return names[err];
	if(err == 512) return "ERESTARTSYS";
	if(err == 513) return "ERESTARTNOINTR";
	if(err == 514) return "ERESTARTNOHAND";
	if(err == 515) return "ENOIOCTLCMD";
	if(err == 516) return "ERESTART_RESTARTBLOCK";
	return nullptr;
}

namespace {

void format_flags(const schema::flag_table* table, uint64_t value, bool is_enum, std::string& out) {
	if(table == nullptr) {
		out += std::to_string(value);
		return;
	}
	std::string names;
	for(uint32_t i = 0; i < table->count; i++) {
		const schema::flag_entry& e = table->entries[i];
		bool match = is_enum ? e.value == value : (e.value != 0 && (value & e.value) == e.value);
		if(!is_enum && e.value == 0 && value == 0) match = true;
		if(match) {
			if(!names.empty()) names += '|';
			names += e.name;
			if(is_enum) break;
		}
	}
	out += names.empty() ? std::to_string(value) : names;
}

void format_address(const reader::socket_address& a, bool tuple, std::string& out) {
	if(a.family == reader::PPM_AF_INET || a.family == reader::PPM_AF_INET6) {
		bool v6 = a.family == reader::PPM_AF_INET6;
		if(tuple) out += state::format_ip(a.sip, v6) + ":" + std::to_string(a.sport) + "->";
		out += state::format_ip(a.dip, v6) + ":" + std::to_string(a.dport);
	} else if(a.family == reader::PPM_AF_UNIX) {
		if(tuple) {
			out += state::format_unix_name(a.unix_src, a.unix_dst, std::string(a.path));
		} else {
			out.append(a.path);
		}
	}
}

}  // namespace

bool format_param(const state::event_context& ctx, uint32_t i, std::string& out) {
	if(ctx.info == nullptr || i >= ctx.info->nparams || i >= ctx.evt->nparams) return false;
	const schema::param_info& pi = ctx.info->params[i];
	reader::param_view p = ctx.evt->param(i);
	if(p.len == 0) return false;
	int64_t iv = 0;
	uint64_t uv = 0;
	using schema::param_type;
	switch(pi.type) {
	case param_type::PT_CHARBUF:
	case param_type::PT_FSPATH:
	case param_type::PT_FSRELPATH: {
		std::string_view s;
		if(!reader::param_string(p, s)) return false;
		out.append(s);
		return true;
	}
	case param_type::PT_BYTEBUF:
	case param_type::PT_CHARBUFARRAY:
	case param_type::PT_CHARBUF_PAIR_ARRAY:
		for(uint32_t k = 0; k < p.len; k++) {
			char c = static_cast<char>(p.data[k]);
			out += (c >= 32 && c < 127) ? c : '.';
		}
		return true;
	case param_type::PT_ERRNO:
		if(!reader::param_int(p, iv)) return false;
		if(iv < 0 && errno_name(-iv) != nullptr) {
			out += errno_name(-iv);
		} else {
			out += std::to_string(iv);
		}
		return true;
	case param_type::PT_FD:
	case param_type::PT_FD32: {
		if(!reader::param_int(p, iv)) return false;
		out += std::to_string(iv);
		if(ctx.thread != nullptr && iv >= 0) {
			const state::fd_table& fds = const_cast<state::inspector*>(ctx.insp)->fd_table_of(ctx.thread);
			auto it = fds.find(iv);
			if(it != fds.end()) {
				out += "(<";
				out += state::fd_type_char(it->second.type);
				out += ">" + it->second.name + ")";
			}
		}
		return true;
	}
	case param_type::PT_SOCKADDR:
	case param_type::PT_SOCKTUPLE: {
		reader::socket_address a;
		bool ok = pi.type == param_type::PT_SOCKADDR ? reader::param_sockaddr(p, a) : reader::param_socktuple(p, a);
		if(!ok) return false;
		format_address(a, pi.type == param_type::PT_SOCKTUPLE, out);
		return true;
	}
	case param_type::PT_SYSCALLID:
		if(!reader::param_uint(p, uv)) return false;
		out += uv < schema::SYSCALL_COUNT ? schema::g_syscall_names[uv] : std::to_string(uv);
		return true;
	case param_type::PT_FLAGS8:
	case param_type::PT_FLAGS16:
	case param_type::PT_FLAGS32:
	case param_type::PT_ENUMFLAGS8:
	case param_type::PT_ENUMFLAGS16:
	case param_type::PT_ENUMFLAGS32: {
		if(!reader::param_uint(p, uv)) return false;
		bool is_enum = pi.type >= param_type::PT_ENUMFLAGS8;
		format_flags(pi.flags, uv, is_enum, out);
		return true;
	}
	case param_type::PT_FDLIST: {
		// "fd:events" pairs, space-separated.
		if(p.len < 2) return false;
		uint16_t n;
		std::memcpy(&n, p.data, 2);
		for(uint32_t k = 0; k < n && 2 + 10u * (k + 1) <= p.len; k++) {
			int64_t fd;
			uint16_t fl;
			std::memcpy(&fd, p.data + 2 + 10 * k, 8);
			std::memcpy(&fl, p.data + 10 + 10 * k, 2);
			if(k > 0) out += ' ';
			out += std::to_string(fd) + ":" + std::to_string(fl);
		}
		return true;
	}
	case param_type::PT_MODE: {
		if(!reader::param_uint(p, uv)) return false;
		char buf[32];
		std::snprintf(buf, sizeof(buf), "0%" PRIo64, uv);
		out += buf;
		return true;
	}
	case param_type::PT_IPV4ADDR:
		if(p.len != 4) return false;
		out += state::format_ip(p.data, false);
		return true;
	case param_type::PT_IPV6ADDR:
		if(p.len != 16) return false;
		out += state::format_ip(p.data, true);
		return true;
	case param_type::PT_INT8:
	case param_type::PT_INT16:
	case param_type::PT_INT32:
	case param_type::PT_INT64:
	case param_type::PT_PID:
	case param_type::PT_PID32:
		if(!reader::param_int(p, iv)) return false;
		out += std::to_string(iv);
		return true;
	case param_type::PT_DOUBLE: {
		if(p.len != 8) return false;
		double d;
		std::memcpy(&d, p.data, 8);
		char buf[64];
		std::snprintf(buf, sizeof(buf), "%f", d);
		out += buf;
		return true;
	}
	default:
		if(!reader::param_uint(p, uv)) {
			for(uint32_t k = 0; k < p.len; k++) {
				char c = static_cast<char>(p.data[k]);
				out += (c >= 32 && c < 127) ? c : '.';
			}
			return true;
		}
		out += std::to_string(uv);
		return true;
	}
}

}  // namespace studio::fields
