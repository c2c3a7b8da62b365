// The k8s_audit source's replay: reads an audit file (audit_reader), evaluates the rules of
// source k8s_audit of a compiled rule set on each audit event with the shared ruleset
// (selection, evaluation trees, output formatters, first/all matching), and writes alert
// lines in the syscall replay's shape (ruleset/alert_writer.h) with "source":"k8s_audit",
// then a summary line of the same shape. One instance is one source partition: it owns its
// reader, its rule set and its context, shares nothing, and may run on any one thread.
#pragma once

#include <atomic>
#include <cstdint>
#include <string>
#include <vector>

#include "ruleset/ruleset.h"
#include "sources/k8s_audit/audit_context.h"
#include "sources/k8s_audit/audit_reader.h"

namespace studio::sources::k8s_audit {

/** The source name rules are selected by and alerts carry. */
constexpr const char* SOURCE_NAME = "k8s_audit";

struct audit_replay_options {
	ruleset::rule_matching matching = ruleset::rule_matching::first;
	/** Also write a line for every event that raised no alert (--all-events). */
	bool all_events = false;
};

class audit_replay {
public:
	/** Builds the k8s_audit rules of `set`; rules that cannot be built land in `problems`. */
	audit_replay(filter::compiled_rule_set set, ruleset::selection_options selection, audit_replay_options options,
	             std::vector<ruleset::rule_problem>& problems);

	audit_reader& reader() { return m_reader; }
	const ruleset::ruleset& rules() const { return m_rules; }

	enum class status { more, done, failed };

	/**
	 * Evaluates up to `max_events` events, appending alert lines to `out`. `failed` leaves the
	 * reader's error() set; lines of the events before the problem are kept.
	 */
	status step(uint64_t max_events, std::string& out);

	/**
	 * Runs to the end of the file, or until `cancel` becomes true (then returns more). After
	 * every batch of 1000 events it publishes how far it has read (progress_*), which another
	 * thread may read while it runs.
	 */
	status run(std::string& out, const std::atomic<bool>& cancel);

	uint64_t progress_offset() const { return m_progress_offset.load(std::memory_order_relaxed); }
	uint64_t progress_events() const { return m_progress_events.load(std::memory_order_relaxed); }

	/** The {"summary":...} line (with newline), in the syscall replay's shape. */
	std::string summary_line() const;

	uint64_t alerts() const { return m_alerts; }

private:
	ruleset::ruleset m_rules;
	audit_replay_options m_options;
	audit_reader m_reader;
	audit_event m_event;
	audit_event_context m_ctx;
	std::vector<uint32_t> m_matched;
	std::string m_text;
	uint64_t m_events_matched = 0;
	uint64_t m_alerts = 0;
	std::atomic<uint64_t> m_progress_offset{0};
	std::atomic<uint64_t> m_progress_events{0};
};

}  // namespace studio::sources::k8s_audit
