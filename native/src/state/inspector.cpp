// The inspector's event loop and table management: metadata records become threads, fds and
// users; each event goes through the libsinsp 0.29.3 reset step (thread lookup or placeholder,
// enter bookkeeping, exit pairing, fd lookup), then its family parser, then deferred removals
// on the next call. Family parsers live in parse_*.cpp.
#include "state/inspector.h"

#include <cstring>

#include "reader/params.h"
#include "state/event_plan.h"
#include "state/parsers.h"

namespace studio::state {

namespace {

constexpr uint32_t MAX_STORED_ENTER = 8192;

std::vector<std::string> split_nul_string(const std::string& s) {
	std::vector<std::string> out;
	size_t start = 0;
	while(start < s.size()) {
		size_t end = s.find('\0', start);
		if(end == std::string::npos) end = s.size();
		out.emplace_back(s, start, end - start);
		start = end + 1;
	}
	return out;
}

}  // namespace

inspector::inspector() : m_plans(event_plans()) {
	m_ctx.insp = this;
}

inspector::~inspector() = default;

bool inspector::open_file(const std::string& path) {
	return m_reader.open_file(path);
}

bool inspector::open_buffer(const uint8_t* data, size_t len) {
	return m_reader.open_buffer(data, len);
}

inspector_stats inspector::stats() const {
	inspector_stats s = m_stats;
	s.threads = m_threads.size();
	s.fds = 0;
	for(const auto& [tid, t] : m_threads) s.fds += t->fds.size();
	return s;
}

// --- metadata -------------------------------------------------------------------------------

void inspector::on_section(uint16_t, uint16_t) {
	// A new section restarts the state from its own metadata, as libsinsp does.
	m_threads.clear();
	forget_cached_thread();
	m_users.clear();
	m_groups.clear();
	m_interfaces.clear();
	m_containers.clear();
	m_pending_close_tid = m_pending_close_fd = m_pending_remove_tid = -1;
}

void inspector::on_machine_info(const reader::machine_info& mi) {
	m_machine = mi;
}

void inspector::on_thread(const reader::thread_record& r) {
	auto t = std::make_unique<thread_info>();
	t->tid = r.tid;
	t->pid = r.pid;
	t->ptid = r.ptid;
	t->sid = r.sid;
	t->vpgid = r.vpgid;
	t->pgid = r.pgid;
	t->vtid = r.vtid;
	t->vpid = r.vpid;
	t->comm = r.comm;
	t->exe = r.exe;
	t->exepath = r.exepath;
	t->args = split_nul_string(r.args);
	t->env = split_nul_string(r.env);
	t->cgroups = split_nul_string(r.cgroups);
	t->cwd = r.cwd;
	if(t->cwd.empty() || t->cwd.back() != '/') t->cwd += '/';
	t->root = r.root;
	t->fdlimit = r.fdlimit;
	t->flags = r.flags;
	t->uid = r.uid;
	t->gid = r.gid;
	t->loginuid = r.loginuid;
	t->tty = r.tty;
	t->vmsize_kb = r.vmsize_kb;
	t->vmrss_kb = r.vmrss_kb;
	t->vmswap_kb = r.vmswap_kb;
	t->pfmajor = r.pfmajor;
	t->pfminor = r.pfminor;
	t->cap_inheritable = r.cap_inheritable;
	t->cap_permitted = r.cap_permitted;
	t->cap_effective = r.cap_effective;
	t->exe_writable = r.exe_writable;
	t->exe_upper_layer = r.exe_upper_layer;
	t->exe_lower_layer = r.exe_lower_layer;
	t->exe_from_memfd = r.exe_from_memfd;
	t->exe_ino = r.exe_ino;
	t->exe_ino_ctime = r.exe_ino_ctime;
	t->exe_ino_mtime = r.exe_ino_mtime;
	t->pidns_init_start_ts = r.pidns_init_start_ts;
	t->container_id = parsers::container_id_from_cgroups(t->cgroups);
	add_thread(std::move(t));
}

void inspector::on_fd(int64_t tid, const reader::fd_record& r) {
	thread_info* t = find_thread(tid);
	if(t == nullptr) {
		return;  // libscap drops fds of threads it does not know
	}
	fd_info fd;
	fd.fd = r.fd;
	fd.type = r.type;
	fd.ino = r.ino;
	fd.open_flags = r.open_flags;
	fd.dev = r.dev;
	fd.l4proto = r.l4proto;
	std::memcpy(fd.sip, r.sip, 16);
	std::memcpy(fd.dip, r.dip, 16);
	fd.sport = r.sport;
	fd.dport = r.dport;
	fd.unix_src = r.unix_src;
	fd.unix_dst = r.unix_dst;
	switch(r.type) {
	case reader::SCAP_FD_IPV4_SOCK:
	case reader::SCAP_FD_IPV6_SOCK: {
		static const uint8_t mapped[12] = {0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0xff, 0xff};
		if(r.type == reader::SCAP_FD_IPV6_SOCK && std::memcmp(fd.sip, mapped, 12) == 0 &&
		   std::memcmp(fd.dip, mapped, 12) == 0) {
			// IPv4-mapped pairs become IPv4 sockets.
			fd.type = reader::SCAP_FD_IPV4_SOCK;
			uint8_t s[4], d[4];
			std::memcpy(s, r.sip + 12, 4);
			std::memcpy(d, r.dip + 12, 4);
			std::memset(fd.sip, 0, 16);
			std::memset(fd.dip, 0, 16);
			std::memcpy(fd.sip, s, 4);
			std::memcpy(fd.dip, d, 4);
		}
		fd.connected = fd.l4proto == L4_TCP;
		{
			// A socket listed with a tuple is in use: its ends are known.
			static const uint8_t zero[16] = {};
			if(std::memcmp(fd.dip, zero, 16) != 0 || fd.dport != 0) fd.role = fd_role::client;
		}
		fd.name = format_tuple_name(fd);
		break;
	}
	case reader::SCAP_FD_IPV4_SERVSOCK:
	case reader::SCAP_FD_IPV6_SERVSOCK:
		fd.role = fd_role::server;
		fd.name = format_server_name(fd);
		break;
	case reader::SCAP_FD_UNIX_SOCK:
		fd.role = r.name.empty() ? fd_role::client : fd_role::server;
		fd.name = r.name;
		break;
	default:
		fd.name = r.name;
		break;
	}
	parsers::add_fd(*this, t, r.fd, std::move(fd));
}

void inspector::on_interface(const reader::interface_record& i) {
	m_interfaces.push_back(i);
}

void inspector::on_user(const reader::user_record& u) {
	m_users[u.uid] = u;
}

void inspector::on_group(const reader::group_record& g) {
	m_groups[g.gid] = g;
}

// --- lookups --------------------------------------------------------------------------------

thread_info* inspector::find_thread_uncached(int64_t tid) const {
	thread_cache_entry& entry = m_thread_cache[static_cast<uint64_t>(tid) % k_thread_cache_size];
	auto it = m_threads.find(tid);
	if(it == m_threads.end()) return nullptr;
	entry.tid = tid;
	entry.thread = it->second.get();
	entry.generation = m_thread_generation;
	return entry.thread;
}

thread_info* inspector::leader_of(thread_info* t) const {
	if(t == nullptr || t->tid == t->pid) return t;
	thread_info* leader = find_thread(t->pid);
	return leader != nullptr ? leader : t;
}

fd_table& inspector::fd_table_of(thread_info* t) {
	return leader_of(t)->fds;
}

const std::string& inspector::cwd_of(const thread_info* t) const {
	return leader_of(const_cast<thread_info*>(t))->cwd;
}

const reader::user_record* inspector::find_user(uint32_t uid) const {
	auto it = m_users.find(uid);
	return it == m_users.end() ? nullptr : &it->second;
}

const container_info* inspector::find_container(const std::string& id) const {
	auto it = m_containers.find(id);
	return it == m_containers.end() ? nullptr : &it->second;
}

void inspector::parse_container_event(const reader::raw_event& e) {
	container_info info;
	std::string_view s;
	if(e.type == 228) {
		// Old container event: id, type, name, image as params.
		if(!reader::param_string(e.param(0), s)) return;
		info.id.assign(s);
		int64_t type = -1;
		if(reader::param_int(e.param(1), type)) info.type = type;
		if(reader::param_string(e.param(2), s)) info.name.assign(s);
		if(reader::param_string(e.param(3), s)) info.image.assign(s);
	} else {
		reader::param_view p = e.param(0);
		if(p.len == 0) return;
		std::string_view json(reinterpret_cast<const char*>(p.data), p.len);
		if(!parse_container_json(json, info)) return;
	}
	if(m_containers.size() >= m_limits.max_threads && m_containers.find(info.id) == m_containers.end()) return;
	std::string id = info.id;
	m_containers[id] = std::move(info);
}

const reader::group_record* inspector::find_group(uint32_t gid) const {
	auto it = m_groups.find(gid);
	return it == m_groups.end() ? nullptr : &it->second;
}

reader::param_view inspector::enter_param(uint32_t i) const {
	const thread_info* t = m_ctx.thread;
	if(!m_enter_valid || t == nullptr || i >= t->lastevent_nparams) {
		return reader::param_view{};
	}
	return reader::param_view{t->lastevent_data.data() + t->lastevent_params[2 * i], t->lastevent_params[2 * i + 1]};
}

// --- threads --------------------------------------------------------------------------------

thread_info* inspector::add_thread(std::unique_ptr<thread_info> t) {
	int64_t tid = t->tid;
	if(m_threads.size() >= m_limits.max_threads && m_threads.find(tid) == m_threads.end()) {
		// Bounded memory: evict some other thread (never the current event's).
		for(auto it = m_threads.begin(); it != m_threads.end(); ++it) {
			if(it->second.get() != m_ctx.thread) {
				m_threads.erase(it);
				forget_cached_thread();
				m_stats.thread_evictions++;
				break;
			}
		}
	}
	auto& slot = m_threads[tid];
	if(slot != nullptr) forget_cached_thread();  // the old entry is destroyed
	slot = std::move(t);
	return slot.get();
}

thread_info* inspector::add_placeholder(int64_t tid) {
	// 0.29.3 placeholder: pid = tid, ptid = -1, comm and exe "<NA>", ids unknown.
	auto t = std::make_unique<thread_info>();
	t->tid = tid;
	t->pid = tid;
	t->ptid = -1;
	t->comm = "<NA>";
	t->exe = "<NA>";
	t->placeholder = true;
	m_stats.placeholders_created++;
	return add_thread(std::move(t));
}

void inspector::store_enter(thread_info* t, const reader::raw_event& e) {
	// Bounded memory: enter events the parsers need (paths, addresses, ids) are small; a huge
	// one is not kept, so its exit sees no stored arguments.
	if(e.len > MAX_STORED_ENTER) {
		t->lastevent_data.clear();
		t->lastevent_nparams = 0;
		m_stats.enters_not_stored++;
		return;
	}
	// The reader slices parameters back to back, so one copy usually keeps them all.
	const uint32_t n = e.nparams;
	t->lastevent_nparams = n;
	if(n == 0) {
		t->lastevent_data.clear();
		return;
	}
	if(t->lastevent_params.size() < 2 * static_cast<size_t>(n)) t->lastevent_params.resize(2 * static_cast<size_t>(n));
	const uint8_t* base = e.params[0].data;
	const uint8_t* expected = base;
	bool contiguous = true;
	uint32_t* slots = t->lastevent_params.data();
	uint32_t offset = 0;
	for(uint32_t i = 0; i < n; i++) {
		contiguous = contiguous && e.params[i].data == expected;
		expected = e.params[i].data + e.params[i].len;
		slots[2 * i] = offset;
		slots[2 * i + 1] = e.params[i].len;
		offset += e.params[i].len;
	}
	if(contiguous) {
		t->lastevent_data.assign(base, expected);
		return;
	}
	t->lastevent_data.resize(offset);
	for(uint32_t i = 0; i < n; i++) {
		if(e.params[i].len > 0) std::memcpy(t->lastevent_data.data() + slots[2 * i], e.params[i].data, e.params[i].len);
	}
}

// --- the event loop -------------------------------------------------------------------------

void inspector::apply_deferred() {
	if(m_pending_close_tid >= 0) {
		if(thread_info* t = find_thread(m_pending_close_tid)) {
			fd_table_of(t).erase(m_pending_close_fd);
		}
		m_pending_close_tid = m_pending_close_fd = -1;
	}
	if(m_pending_remove_tid >= 0) {
		thread_info* t = find_thread(m_pending_remove_tid);
		if(t != nullptr) {
			bool keep = false;
			if(t->is_leader()) {
				for(const auto& [tid, other] : m_threads) {
					if(other.get() != t && other->pid == t->tid && !other->dead) {
						keep = true;  // a leader with live threads stays as a dead entry
						break;
					}
				}
			}
			if(!keep) {
				m_threads.erase(m_pending_remove_tid);
				forget_cached_thread();
			}
		}
		m_pending_remove_tid = -1;
	}
}

reader::read_status inspector::next() {
	if(has_deferred()) apply_deferred();
	reader::read_status st = m_reader.next(*this);
	if(st != reader::read_status::event) {
		m_ctx.evt = nullptr;
		return st;
	}
	if(m_stage_mark != nullptr) m_stage_mark->mark();  // [metrics hook] decode ends, state update begins
	process_event();
	return st;
}

void inspector::process_event() {
	const reader::raw_event& e = m_reader.event();
	const event_plan& plan = m_plans[e.type];  // the reader delivers only ids of the table
	event_context& ctx = m_ctx;
	ctx.prev_ts = ctx.evt_ts_seen ? ctx.last_ts : 0;
	ctx.evt = &e;
	ctx.info = &schema::g_events[e.type];
	if(e.ts != 0) {
		if(ctx.first_ts == 0) ctx.first_ts = e.ts;
		ctx.last_ts = e.ts;
		ctx.evt_ts_seen = true;
	}
	ctx.thread = nullptr;
	ctx.fd = nullptr;
	ctx.fd_num = -1;
	ctx.has_fd_num = false;
	ctx.errorcode = 0;
	ctx.has_event_fd_name = false;
	ctx.hidden = plan.hidden;
	ctx.state_only = (e.dump_flags & reader::DUMP_FLAG_STATE_ONLY) != 0;
	m_enter_valid = false;
	m_enter_info = nullptr;
	const uint32_t flags = plan.flags;
	ctx.flags = flags;

	// 1. Thread lookup (placeholders for unknown tids, except where libsinsp only looks).
	if(plan.state_free) {
		return;
	}
	if(plan.container) {
		parse_container_event(e);
		return;
	}
	int64_t tid = static_cast<int64_t>(e.tid);
	ctx.thread = plan.lookup_only ? find_thread(tid) : get_or_create_thread(tid);
	thread_info* t = ctx.thread;
	const bool skip_reset = (flags & schema::EF_SKIPPARSERESET) != 0;

	// 2./3. Enter bookkeeping or exit pairing.
	if(t != nullptr && !skip_reset) {
		if(plan.enter) {
			t->lastevent_type = e.type;
			t->has_lastevent = true;
			t->lastevent_fd = -1;
			if((flags & schema::EF_USES_FD) != 0) {
				int64_t fd = -1;
				if(reader::param_int(e.param(0), fd)) {
					t->lastevent_fd = fd;
					fd_table& fds = fd_table_of(t);
					auto it = fds.find(fd);
					ctx.fd = it == fds.end() ? nullptr : &it->second;
				}
			}
			if(plan.keeps_enter) {
				store_enter(t, e);
			} else {
				t->lastevent_nparams = 0;  // no parser of its exit reads it
			}
		} else if(t->has_lastevent && t->lastevent_type + 1 == e.type) {
			m_enter_valid = true;
			m_enter_info = &schema::g_events[t->lastevent_type];
			int64_t res = 0;
			if(plan.res_errno && reader::param_int(e.param(0), res) && res < 0) {
				ctx.errorcode = -res;
			}
			if((flags & schema::EF_USES_FD) != 0) {
				fd_table& fds = fd_table_of(t);
				auto it = fds.find(t->lastevent_fd);
				ctx.fd = it == fds.end() ? nullptr : &it->second;
			}
		}
	}

	// 4. Parse.
	if(plan.parse != nullptr) {
		plan.parse(*this, ctx);
	}
	if(ctx.thread == nullptr && !skip_reset) {
		ctx.thread = find_thread(tid);
	}

	// 5. What the fields see: fd.num is the thread's last fd for fd-flagged events.
	t = ctx.thread;
	if(plan.uses_fd && t != nullptr) {
		ctx.has_fd_num = true;
		ctx.fd_num = t->lastevent_fd;
		if(ctx.fd == nullptr && t->lastevent_fd != -1) {
			fd_table& fds = fd_table_of(t);
			auto it = fds.find(t->lastevent_fd);
			ctx.fd = it == fds.end() ? nullptr : &it->second;
		}
	}
}

}  // namespace studio::state
