// The inspector: reads a capture and applies each event to thread, fd and user state the way
// libsinsp 0.29.3 does (the oracle's model: enter events are delivered, old captures keep
// arguments on the enter event, deferred fd/thread removals). After next() returns event,
// current() describes the event together with its thread and fd, ready for field extraction.
// It does not evaluate filters or format output (fields/, filter/, ruleset/ do).
#pragma once

#include <array>
#include <cstdint>
#include <memory>
#include <string>
#include <unordered_map>
#include <vector>

#include "metrics/stage_mark.h"
#include "reader/capture_reader.h"
#include "schema/event_table.h"
#include "state/containers.h"
#include "state/thread_info.h"

namespace studio::state {

class inspector;

/** The current event as field extractors see it. Valid until the next inspector::next(). */
struct event_context {
	const reader::raw_event* evt = nullptr;
	/** Table entry of evt->type (never null for delivered events). */
	const schema::event_info* info = nullptr;
	/**
	 * EF_* flags as libsinsp 0.29.3 saw them: the table's, except that switch skips the
	 * parse reset and mmap/mmap2 do not use an fd (HEAD changed both).
	 */
	uint32_t flags = 0;
	/** The event's thread (a placeholder when unknown); null only for meta events without one. */
	thread_info* thread = nullptr;
	/** The fd the event uses or creates, when it is in the table; else null. */
	fd_info* fd = nullptr;
	/** fd.num: the thread's lastevent_fd for fd-flagged events; valid only if has_fd_num. */
	int64_t fd_num = -1;
	bool has_fd_num = false;
	/** Hidden from output like `sysdig -r` does (procinfo, container meta events). */
	bool hidden = false;
	/** EVF STATE_ONLY events: apply to state, do not show or evaluate. */
	bool state_only = false;
	/** Timestamp of the capture's first event with a non-zero time, and of the previous event. */
	uint64_t first_ts = 0;
	uint64_t prev_ts = 0;
	/** Bookkeeping for prev_ts: the last non-zero timestamp seen. */
	uint64_t last_ts = 0;
	bool evt_ts_seen = false;
	/** Errno of a failed call (positive), 0 when none. */
	int64_t errorcode = 0;
	/**
	 * fd.name taken from the event itself when there is no fd entry (open*, accept, connect
	 * exits), as libsinsp 0.29.3 does; valid when has_event_fd_name.
	 */
	std::string event_fd_name;
	bool has_event_fd_name = false;
	const inspector* insp = nullptr;
};

/** Counters for bounded memory. */
struct inspector_stats {
	uint64_t threads = 0;
	uint64_t fds = 0;
	uint64_t thread_evictions = 0;
	uint64_t fd_evictions = 0;
	uint64_t placeholders_created = 0;
	/** Enter events larger than 8 KiB whose arguments were not kept for their exit. */
	uint64_t enters_not_stored = 0;
};

/** Limits that keep memory bounded on hostile captures. */
struct inspector_limits {
	uint32_t max_threads = 131072;
	uint32_t max_fds_per_process = 65536;
};

class inspector : private reader::metadata_sink {
public:
	inspector();
	~inspector() override;
	inspector(const inspector&) = delete;
	inspector& operator=(const inspector&) = delete;

	bool open_file(const std::string& path);
	bool open_buffer(const uint8_t* data, size_t len);

	/**
	 * Applies the deferred removals of the previous event, reads the next event and applies it
	 * to the state. Returns event, eof or error (error() then says why and where).
	 */
	reader::read_status next();

	const event_context& current() const { return m_ctx; }
	const reader::read_error& error() const { return m_reader.error(); }
	uint64_t offset() const { return m_reader.offset(); }
	uint64_t events_read() const { return m_reader.events_read(); }
	inspector_stats stats() const;
	void set_limits(const inspector_limits& limits) { m_limits = limits; }
	/** [metrics hook] Timestamps the end of decoding in next() (null: none); see metrics/stage_mark.h. */
	void set_stage_mark(metrics::stage_mark* mark) { m_stage_mark = mark; }

	/** Calls fn(const thread_info&) for every thread in the table. */
	template <typename F>
	void for_each_thread(F fn) const {
		for(const auto& entry : m_threads) fn(*entry.second);
	}
	/** Thread lookup without creating a placeholder. */
	thread_info* find_thread(int64_t tid) const {
		const thread_cache_entry& entry = m_thread_cache[static_cast<uint64_t>(tid) % k_thread_cache_size];
		if(entry.generation == m_thread_generation && entry.tid == tid) return entry.thread;
		return find_thread_uncached(tid);
	}
	/** The leader of t's thread group (t itself when it is the leader or the leader is gone). */
	thread_info* leader_of(thread_info* t) const;
	/** The fd table shared by t's thread group. */
	fd_table& fd_table_of(thread_info* t);
	/** The cwd shared by t's thread group. */
	const std::string& cwd_of(const thread_info* t) const;
	/** User name for a uid, or nullptr when the UL table has no entry (0.29.3 behaviour). */
	const reader::user_record* find_user(uint32_t uid) const;
	const reader::group_record* find_group(uint32_t gid) const;
	/** The container table entry for an id (from container meta-events), or nullptr. */
	const container_info* find_container(const std::string& id) const;
	const reader::machine_info& machine() const { return m_machine; }
	const std::vector<reader::interface_record>& interfaces() const { return m_interfaces; }

	/** The stored enter's parameter i for the current exit (legacy pairing), or empty. */
	reader::param_view enter_param(uint32_t i) const;
	/** True when the current exit has a valid stored enter (type == exit type - 1). */
	bool has_enter() const { return m_enter_valid; }

private:
	friend struct parsers;
	void on_section(uint16_t major, uint16_t minor) override;
	void on_machine_info(const reader::machine_info& mi) override;
	void on_thread(const reader::thread_record& t) override;
	void on_fd(int64_t tid, const reader::fd_record& fd) override;
	void on_interface(const reader::interface_record& i) override;
	void on_user(const reader::user_record& u) override;
	void on_group(const reader::group_record& g) override;

	bool has_deferred() const { return m_pending_close_tid >= 0 || m_pending_remove_tid >= 0; }
	void apply_deferred();
	void process_event();
	void store_enter(thread_info* t, const reader::raw_event& e);
	void parse_container_event(const reader::raw_event& e);
	thread_info* get_or_create_thread(int64_t tid) {
		if(thread_info* t = find_thread(tid)) return t;
		return add_placeholder(tid);
	}
	thread_info* add_placeholder(int64_t tid);
	thread_info* add_thread(std::unique_ptr<thread_info> t);

	reader::capture_reader m_reader;
	event_context m_ctx;
	inspector_limits m_limits;
	reader::machine_info m_machine;
	std::vector<reader::interface_record> m_interfaces;
	std::unordered_map<uint32_t, reader::user_record> m_users;
	std::unordered_map<uint32_t, reader::group_record> m_groups;
	std::unordered_map<int64_t, std::unique_ptr<thread_info>> m_threads;
	/**
	 * find_thread's small direct-mapped cache (an event's thread, its leader and its parent
	 * come back event after event). An entry counts only while its generation is current;
	 * every change that can remove or replace a thread starts a new generation
	 * (forget_cached_thread()).
	 */
	struct thread_cache_entry {
		int64_t tid = 0;
		thread_info* thread = nullptr;
		uint64_t generation = 0;
	};
	static constexpr size_t k_thread_cache_size = 64;
	mutable std::array<thread_cache_entry, k_thread_cache_size> m_thread_cache{};
	uint64_t m_thread_generation = 1;
	void forget_cached_thread() { m_thread_generation++; }
	thread_info* find_thread_uncached(int64_t tid) const;
	/** parsers::index_of's memo: (event, name literal) -> parameter index, direct-mapped. */
	struct param_memo_entry {
		const schema::event_info* info = nullptr;
		const char* name = nullptr;
		int index = -1;
	};
	static constexpr size_t k_param_memo_size = 256;
	mutable std::array<param_memo_entry, k_param_memo_size> m_param_memo{};
	/** What to do per event id (state/event_plan.h). */
	const struct event_plan* m_plans = nullptr;
	std::unordered_map<std::string, container_info> m_containers;
	/** Deferred actions: an fd to close (tid, fd) and a thread to remove. */
	int64_t m_pending_close_tid = -1;
	int64_t m_pending_close_fd = -1;
	int64_t m_pending_remove_tid = -1;
	bool m_enter_valid = false;
	/** Event type of the stored enter backing enter_param(), valid with m_enter_valid. */
	const schema::event_info* m_enter_info = nullptr;
	inspector_stats m_stats;
	metrics::stage_mark* m_stage_mark = nullptr;
};

}  // namespace studio::state
