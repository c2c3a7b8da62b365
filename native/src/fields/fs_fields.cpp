// fs.path.* and fdlist.* fields. fs.path: the path(s) an event acts on, taken from its
// parameters by name (path/name/pathname/filename; oldpath/target and newpath/linkpath for
// two-path events), on exit events, made absolute against the dirfd or the cwd (the *raw
// variants keep the text as written). fdlist: the fds of poll/ppoll's fds argument, with
// names and socket ends from the thread's fd table.
#include <cstring>

#include "fields/field_table.h"
#include "reader/params.h"

namespace studio::fields {

namespace {

using state::event_context;
using V = std::vector<field_value>;

constexpr int64_t AT_FDCWD = -100;

int param_index(const schema::event_info* info, const char* name) {
	for(uint16_t i = 0; i < info->nparams; i++) {
		if(std::strcmp(info->params[i].name, name) == 0) return i;
	}
	return -1;
}

/** The first present string param among `names` (exit events only). */
bool path_param(const event_context& c, const char* const* names, std::string_view& out, int& index) {
	if(schema::is_enter(c.evt->type)) return false;
	for(const char* const* n = names; *n != nullptr; n++) {
		int i = param_index(c.info, *n);
		if(i >= 0 && reader::param_string(c.evt->param(static_cast<uint32_t>(i)), out)) {
			index = i;
			return true;
		}
	}
	return false;
}

/** Makes a path absolute: against its dirfd param for *at calls, else the cwd. */
std::string absolute(const event_context& c, std::string_view path, int index) {
	std::string dir;
	if(!path.empty() && path[0] == '/') {
		dir = "/";
	} else {
		int dirfd_index = c.info->params[index].dirfd_param;
		int64_t dirfd = AT_FDCWD;
		if(dirfd_index < 0) {
			int i = param_index(c.info, "dirfd");
			if(i < 0) i = param_index(c.info, "olddirfd");
			dirfd_index = i;
		}
		if(dirfd_index >= 0) reader::param_int(c.evt->param(static_cast<uint32_t>(dirfd_index)), dirfd);
		if(dirfd == AT_FDCWD || dirfd_index < 0) {
			dir = c.insp->cwd_of(c.thread);
		} else {
			const state::fd_table& fds = const_cast<state::inspector*>(c.insp)->fd_table_of(c.thread);
			auto it = fds.find(dirfd);
			if(it == fds.end()) return "<UNKNOWN>" + std::string(path);
			dir = it->second.name + "/";
		}
	}
	// Normalise: drop ".", "//"; resolve "..".
	std::string joined = path[0] == '/' ? std::string(path) : dir + std::string(path);
	std::vector<std::string> parts;
	size_t pos = 0;
	while(pos <= joined.size()) {
		size_t next = joined.find('/', pos);
		if(next == std::string::npos) next = joined.size();
		std::string part = joined.substr(pos, next - pos);
		if(part == "..") {
			if(!parts.empty()) parts.pop_back();
		} else if(!part.empty() && part != ".") {
			parts.push_back(part);
		}
		pos = next + 1;
	}
	std::string out = "/";
	for(size_t i = 0; i < parts.size(); i++) out += (i ? "/" : "") + parts[i];
	return out;
}

const char* const k_name_params[] = {"path", "name", "pathname", "filename", "dir", nullptr};
const char* const k_source_params[] = {"oldpath", "source", "target", nullptr};
const char* const k_target_params[] = {"newpath", "linkpath", "dir", nullptr};

bool path_field(const event_context& c, const char* const* names, bool raw, scratch& s, V& out) {
	std::string_view p;
	int index = -1;
	if(c.thread == nullptr || !path_param(c, names, p, index) || p.empty()) return false;
	if(raw) return push_str(out, p);
	return push_owned(out, s, absolute(c, p, index));
}

bool f_name(const event_context& c, const field_args&, scratch& s, V& out) {
	return path_field(c, k_name_params, false, s, out);
}
bool f_nameraw(const event_context& c, const field_args&, scratch& s, V& out) {
	return path_field(c, k_name_params, true, s, out);
}
bool f_source(const event_context& c, const field_args&, scratch& s, V& out) {
	return path_field(c, k_source_params, false, s, out);
}
bool f_sourceraw(const event_context& c, const field_args&, scratch& s, V& out) {
	return path_field(c, k_source_params, true, s, out);
}
bool f_target(const event_context& c, const field_args&, scratch& s, V& out) {
	return path_field(c, k_target_params, false, s, out);
}
bool f_targetraw(const event_context& c, const field_args&, scratch& s, V& out) {
	return path_field(c, k_target_params, true, s, out);
}

/** The fds of the event's PT_FDLIST param. */
bool fdlist(const event_context& c, std::vector<int64_t>& fds) {
	for(uint16_t i = 0; i < c.info->nparams && i < c.evt->nparams; i++) {
		if(c.info->params[i].type != schema::param_type::PT_FDLIST) continue;
		reader::param_view p = c.evt->param(i);
		if(p.len < 2) return false;
		uint16_t n;
		std::memcpy(&n, p.data, 2);
		for(uint32_t k = 0; k < n && 2 + 10 * (k + 1) <= p.len; k++) {
			int64_t fd;
			std::memcpy(&fd, p.data + 2 + 10 * k, 8);
			fds.push_back(fd);
		}
		return true;
	}
	return false;
}

template <typename Text>
bool fdlist_field(const event_context& c, scratch& s, V& out, Text text) {
	std::vector<int64_t> fds;
	if(c.thread == nullptr || !fdlist(c, fds)) return false;
	const state::fd_table& table = const_cast<state::inspector*>(c.insp)->fd_table_of(c.thread);
	std::string joined;
	bool any = false;
	for(int64_t fd : fds) {
		auto it = table.find(fd);
		std::string piece = text(fd, it == table.end() ? nullptr : &it->second);
		if(piece.empty()) continue;
		if(any) joined += ',';
		joined += piece;
		any = true;
	}
	return any && push_owned(out, s, std::move(joined));
}

bool is_inet(const state::fd_info* fd) {
	return fd != nullptr && (fd->is_ipv4() || fd->is_ipv6()) && !fd->is_server_socket();
}

bool f_nums(const event_context& c, const field_args&, scratch& s, V& out) {
	return fdlist_field(c, s, out, [](int64_t fd, const state::fd_info*) { return std::to_string(fd); });
}
bool f_names(const event_context& c, const field_args&, scratch& s, V& out) {
	return fdlist_field(c, s, out, [](int64_t, const state::fd_info* fd) { return fd != nullptr ? fd->name : std::string(); });
}
bool f_cips(const event_context& c, const field_args&, scratch& s, V& out) {
	return fdlist_field(c, s, out, [](int64_t, const state::fd_info* fd) {
		return is_inet(fd) ? state::format_ip(fd->sip, fd->is_ipv6()) : std::string();
	});
}
bool f_sips(const event_context& c, const field_args&, scratch& s, V& out) {
	return fdlist_field(c, s, out, [](int64_t, const state::fd_info* fd) {
		return is_inet(fd) ? state::format_ip(fd->dip, fd->is_ipv6()) : std::string();
	});
}
bool f_cports(const event_context& c, const field_args&, scratch& s, V& out) {
	return fdlist_field(c, s, out, [](int64_t, const state::fd_info* fd) { return is_inet(fd) ? std::to_string(fd->sport) : std::string(); });
}
bool f_sports(const event_context& c, const field_args&, scratch& s, V& out) {
	return fdlist_field(c, s, out, [](int64_t, const state::fd_info* fd) { return is_inet(fd) ? std::to_string(fd->dport) : std::string(); });
}

using FT = field_type;
using AK = arg_kind;
const field_def k_fields[] = {
    {{"fs.path.name", FT::CHARBUF, false, AK::none, false, "path acted on"}, f_name},
    {{"fs.path.nameraw", FT::CHARBUF, false, AK::none, false, "path as written"}, f_nameraw},
    {{"fs.path.source", FT::CHARBUF, false, AK::none, false, "source path"}, f_source},
    {{"fs.path.sourceraw", FT::CHARBUF, false, AK::none, false, "source path as written"}, f_sourceraw},
    {{"fs.path.target", FT::CHARBUF, false, AK::none, false, "target path"}, f_target},
    {{"fs.path.targetraw", FT::CHARBUF, false, AK::none, false, "target path as written"}, f_targetraw},
    {{"fdlist.nums", FT::CHARBUF, false, AK::none, false, "fd numbers"}, f_nums},
    {{"fdlist.names", FT::CHARBUF, false, AK::none, false, "fd names"}, f_names},
    {{"fdlist.cips", FT::CHARBUF, false, AK::none, false, "client ips"}, f_cips},
    {{"fdlist.sips", FT::CHARBUF, false, AK::none, false, "server ips"}, f_sips},
    {{"fdlist.cports", FT::CHARBUF, false, AK::none, false, "client ports"}, f_cports},
    {{"fdlist.sports", FT::CHARBUF, false, AK::none, false, "server ports"}, f_sports},
};

}  // namespace

field_class fs_field_class() {
	return {k_fields, sizeof(k_fields) / sizeof(k_fields[0])};
}

}  // namespace studio::fields
