// The k8s_audit replay loop (see audit_replay.h).
#include "sources/k8s_audit/audit_replay.h"

#include "ruleset/alert_writer.h"

namespace studio::sources::k8s_audit {

audit_replay::audit_replay(filter::compiled_rule_set set, ruleset::selection_options selection,
                           audit_replay_options options, std::vector<ruleset::rule_problem>& problems)
    : m_options(options) {
	selection.source = SOURCE_NAME;
	m_rules.load(std::move(set), selection, problems);
}

audit_replay::status audit_replay::step(uint64_t max_events, std::string& out) {
	for(uint64_t n = 0; n < max_events; n++) {
		const audit_read_status read = m_reader.next(m_event);
		if(read == audit_read_status::eof) return status::done;
		if(read == audit_read_status::error) return status::failed;
		m_ctx.set(m_event);
		m_matched.clear();
		m_rules.run(m_ctx, m_options.matching, m_matched);
		if(m_matched.empty()) {
			if(m_options.all_events) ruleset::append_unmatched_line(out, m_event.num, m_event.ts, "pluginevent");
			continue;
		}
		m_events_matched++;
		for(uint32_t id : m_matched) {
			const filter::compiled_rule& rule = m_rules.rules().rules[id];
			m_rules.formatter(id).format(m_ctx, m_text);
			ruleset::append_alert_line(out, rule.name, rule.priority, rule.source, m_text, m_event.num, m_event.ts);
			m_alerts++;
		}
	}
	return status::more;
}

audit_replay::status audit_replay::run(std::string& out, const std::atomic<bool>& cancel) {
	for(;;) {
		const status s = step(1000, out);
		m_progress_offset.store(m_reader.offset(), std::memory_order_relaxed);
		m_progress_events.store(m_reader.events_read(), std::memory_order_relaxed);
		if(s != status::more || cancel.load(std::memory_order_relaxed)) return s;
	}
}

std::string audit_replay::summary_line() const {
	const uint64_t events = m_reader.events_read();
	std::string out = "{\"summary\":{\"events\":" + std::to_string(events) + ",\"events_delivered\":" +
	                  std::to_string(events) + ",\"events_matched\":" + std::to_string(m_events_matched) +
	                  ",\"alerts\":" + std::to_string(m_alerts) + ",\"alerts_by_rule\":{";
	bool first = true;
	for(const filter::compiled_rule& rule : m_rules.rules().rules) {
		if(m_rules.matches(rule.id) == 0) continue;
		if(!first) out += ',';
		first = false;
		ruleset::append_json_string(out, rule.name);
		out += ':' + std::to_string(m_rules.matches(rule.id));
	}
	out += "},\"evaluations_by_rule\":{";
	first = true;
	for(const filter::compiled_rule& rule : m_rules.rules().rules) {
		if(!m_rules.is_selected(rule.id)) continue;
		if(!first) out += ',';
		first = false;
		ruleset::append_json_string(out, rule.name);
		out += ':' + std::to_string(m_rules.evaluations(rule.id));
	}
	out += "}}}\n";
	return out;
}

}  // namespace studio::sources::k8s_audit
