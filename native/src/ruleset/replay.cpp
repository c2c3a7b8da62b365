// The replay loop's non-template parts (see replay.h): alert emission, flushing, summary.
#include "ruleset/replay.h"

namespace studio::ruleset {

namespace {
constexpr size_t k_flush_bytes = 1 << 16;
}

replay_run::replay_run(state::inspector& inspector, ruleset& rules, const replay_options& options, line_sink& sink):
        m_inspector(inspector), m_rules(rules), m_options(options), m_sink(sink) {
	if(m_options.all_events) {
		std::string error;
		m_evt_type = fields::create_extractor("evt.type", "", false, error);
	}
}

void replay_run::emit(const state::event_context& ctx) {
	if(m_matched.empty()) {
		if(m_options.all_events) {
			std::string_view type_name = "<NA>";
			if(m_evt_type && m_evt_type->extract(ctx, m_values) && !m_values.empty()) type_name = m_values[0].str;
			append_unmatched_line(m_pending, ctx.evt->num, ctx.evt->ts, type_name);
		}
	} else {
		m_stats.events_matched++;
		for(uint32_t id : m_matched) {
			const filter::compiled_rule& rule = m_rules.rules().rules[id];
			m_rules.formatter(id).format(ctx, m_text);
			append_alert_line(m_pending, rule.name, rule.priority, rule.source, m_text, ctx.evt->num, ctx.evt->ts);
			m_stats.alerts++;
		}
	}
	if(m_pending.size() >= k_flush_bytes) {
		m_sink.write(m_pending);
		m_pending.clear();
	}
}

void replay_run::flush() {
	m_stats.events_read = m_inspector.events_read();
	if(!m_pending.empty()) {
		m_sink.write(m_pending);
		m_pending.clear();
	}
}

bool replay_run::finish(reader::read_status status, std::string& error) {
	flush();
	if(status == reader::read_status::eof) return true;
	error = m_inspector.error().message;
	return false;
}

std::string replay_run::summary_line() const {
	std::string out = "{\"summary\":{\"events\":" + std::to_string(m_stats.events_read) +
	                  ",\"events_delivered\":" + std::to_string(m_stats.events_delivered) +
	                  ",\"events_matched\":" + std::to_string(m_stats.events_matched) +
	                  ",\"alerts\":" + std::to_string(m_stats.alerts) + ",\"alerts_by_rule\":{";
	bool first = true;
	const auto& rules = m_rules.rules().rules;
	for(const filter::compiled_rule& rule : rules) {
		if(m_rules.matches(rule.id) == 0) continue;
		if(!first) out += ',';
		first = false;
		append_json_string(out, rule.name);
		out += ':';
		out += std::to_string(m_rules.matches(rule.id));
	}
	out += "},\"evaluations_by_rule\":{";
	first = true;
	for(const filter::compiled_rule& rule : rules) {
		if(!m_rules.is_selected(rule.id)) continue;
		if(!first) out += ',';
		first = false;
		append_json_string(out, rule.name);
		out += ':';
		out += std::to_string(m_rules.evaluations(rule.id));
	}
	out += "}}}\n";
	return out;
}

}  // namespace studio::ruleset
