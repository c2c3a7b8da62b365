// The helpers the family parsers share: parameter access by name (memoised per event and
// name), fd insertion with limits, path concatenation and container ids from cgroups. The
// dispatch from event id to parser is in event_plan.cpp.
#include "state/parsers.h"

#include <array>
#include <cstring>

namespace studio::state {

int parsers::scan_index(const schema::event_info* info, const char* name) {
	for(uint16_t i = 0; i < info->nparams; i++) {
		if(std::strcmp(info->params[i].name, name) == 0) return i;
	}
	return -1;
}

int parsers::index_of(const inspector& in, const schema::event_info* info, const char* name) {
	if(info == nullptr) return -1;
	// Parsers ask by literal name for the same few events over and over: the inspector
	// remembers the answer per (event, literal) pair; a collision only costs a rescan.
	const uintptr_t key = reinterpret_cast<uintptr_t>(info) / sizeof(schema::event_info) * 31u +
	                      reinterpret_cast<uintptr_t>(name);
	inspector::param_memo_entry& memo = in.m_param_memo[key % inspector::k_param_memo_size];
	if(memo.info == info && memo.name == name) return memo.index;
	memo.info = info;
	memo.name = name;
	memo.index = scan_index(info, name);
	return memo.index;
}

reader::param_view parsers::param(const event_context& ctx, const char* name) {
	int i = index_of(*ctx.insp, ctx.info, name);
	return i < 0 ? reader::param_view{} : ctx.evt->param(static_cast<uint32_t>(i));
}

reader::param_view parsers::enter(const inspector& in, const char* name) {
	if(!in.m_enter_valid) return reader::param_view{};
	int i = index_of(in, in.m_enter_info, name);
	return i < 0 ? reader::param_view{} : in.enter_param(static_cast<uint32_t>(i));
}

bool parsers::param_i64(const event_context& ctx, const char* name, int64_t& out) {
	return reader::param_int(param(ctx, name), out);
}

bool parsers::enter_i64(const inspector& in, const char* name, int64_t& out) {
	return reader::param_int(enter(in, name), out);
}

fd_info* parsers::add_fd(inspector& in, thread_info* t, int64_t fd, fd_info info) {
	fd_table& fds = in.fd_table_of(t);
	auto it = fds.find(fd);
	if(it == fds.end() && fds.size() >= in.m_limits.max_fds_per_process) {
		in.m_stats.fd_evictions++;
		return nullptr;
	}
	info.fd = fd;
	fd_info& slot = fds[fd];
	slot = std::move(info);
	return &slot;
}

std::vector<std::string> parsers::split_nul(const reader::param_view& p) {
	std::vector<std::string> out;
	size_t start = 0;
	const char* s = reinterpret_cast<const char*>(p.data);
	while(start < p.len) {
		const void* nul = std::memchr(s + start, 0, p.len - start);
		size_t end = nul != nullptr ? static_cast<size_t>(static_cast<const char*>(nul) - s) : p.len;
		out.emplace_back(s + start, end - start);
		start = end + 1;
	}
	return out;
}

namespace {

/** Appends the components of `segment` to `out` (parts after `base`), resolving "." and "..". */
void append_components(std::string& out, size_t base, size_t& nparts, std::string_view segment) {
	size_t pos = 0;
	while(pos <= segment.size()) {
		size_t next = segment.find('/', pos);
		if(next == std::string_view::npos) next = segment.size();
		std::string_view part = segment.substr(pos, next - pos);
		pos = next + 1;
		if(part.empty() || part == ".") continue;
		if(part == "..") {
			if(nparts == 0) continue;
			nparts--;
			out.resize(nparts == 0 ? base : out.rfind('/'));
			continue;
		}
		if(nparts > 0) out += '/';
		out.append(part);
		nparts++;
	}
}

}  // namespace

std::string parsers::concatenate_paths(std::string_view dir, std::string_view name) {
	// Absolute names ignore dir; otherwise the text is dir + '/' (when dir does not end with
	// one) + name. The result is normalised (no ".", "..", "//"), with a trailing '/' kept.
	// One pass over both pieces, straight into the result.
	const bool name_absolute = !name.empty() && name[0] == '/';
	const bool use_dir = !name_absolute && !dir.empty();
	const bool absolute = name_absolute || (use_dir && dir[0] == '/');
	size_t joined_size = name.size();
	char last = name.empty() ? '\0' : name.back();
	if(use_dir) {
		joined_size += dir.size() + (dir.back() == '/' ? 0 : 1);
		if(name.empty()) last = '/';
	}
	const bool trailing = last == '/' && joined_size > 1;
	std::string out;
	out.reserve(joined_size + 1);
	if(absolute) out += '/';
	const size_t base = out.size();
	size_t nparts = 0;
	if(use_dir) append_components(out, base, nparts, dir);
	append_components(out, base, nparts, name);
	if(trailing && nparts > 0) out += '/';
	return out;
}

std::string parsers::container_id_from_cgroups(const std::vector<std::string>& cgroups) {
	// docker "/<id>" or "/docker-<id>.scope", cri-o "/crio-<id>", containerd
	// "/cri-containerd-<id>.scope" or ":cri-containerd:<id>", podman "/libpod-<id>.scope".
	static const char* const prefixes[] = {"docker-", "crio-", "cri-containerd-", "libpod-", ""};
	for(const std::string& cg : cgroups) {
		size_t eq = cg.find('=');
		std::string_view path = eq == std::string::npos ? std::string_view(cg) : std::string_view(cg).substr(eq + 1);
		size_t cut = path.find_last_of("/:");
		if(cut == std::string_view::npos) continue;
		std::string_view last = path.substr(cut + 1);
		if(last.size() > 6 && last.substr(last.size() - 6) == ".scope") last.remove_suffix(6);
		for(const char* prefix : prefixes) {
			size_t pl = std::strlen(prefix);
			if(last.size() != pl + 64 || last.substr(0, pl) != prefix) continue;
			std::string_view id = last.substr(pl);
			bool hex = true;
			for(char c : id) hex = hex && ((c >= '0' && c <= '9') || (c >= 'a' && c <= 'f'));
			if(hex) return std::string(id.substr(0, 12));
		}
	}
	return "host";
}

}  // namespace studio::state
