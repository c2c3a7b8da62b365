// Writing a run's raw results (see profile_json.h). Explicit conversion, field by field: the
// in-memory slots are never dumped as they are.
#include "metrics/profile_json.h"

#include <cstdio>

#include "metrics/profile_run.h"

namespace studio::metrics {

namespace {

void append_number(std::string& out, double value) {
	char buffer[40];
	std::snprintf(buffer, sizeof(buffer), "%.3f", value);
	out += buffer;
}

void append_field(std::string& out, const char* name, uint64_t value) {
	out += '"';
	out += name;
	out += "\":";
	out += std::to_string(value);
}

}  // namespace

void append_histogram_json(std::string& out, const log_histogram& histogram) {
	out += '{';
	append_field(out, "count", histogram.count());
	out += ',';
	append_field(out, "total", histogram.total());
	out += ',';
	append_field(out, "min", histogram.min());
	out += ',';
	append_field(out, "max", histogram.max());
	const std::pair<const char*, double> quantiles[] = {{"p50", 0.5}, {"p90", 0.9}, {"p99", 0.99}};
	for(const auto& [name, q] : quantiles) {
		out += ",\"";
		out += name;
		out += "\":";
		append_number(out, histogram.percentile(q));
	}
	out += ",\"buckets\":[";
	bool first = true;
	for(uint32_t i = 0; i < log_histogram::BUCKETS; i++) {
		if(histogram.bucket(i) == 0) continue;
		if(!first) out += ',';
		first = false;
		out += '[' + std::to_string(log_histogram::bucket_low(i)) + ',' + std::to_string(log_histogram::bucket_high(i)) +
		       ',' + std::to_string(histogram.bucket(i)) + ']';
	}
	out += "]}";
}

std::string write_profile_json(const profile_run& run) {
	std::string out = "{\"format\":\"falco-studio-profile-run\",\"version\":1";
	const bool profiled = run.sample_every() > 0;
	// 1. Clock and run totals.
	if(profiled) {
		const tick_calibration& cal = calibration();
		out += ",\"clock\":{\"cycles\":";
		out += cal.has_cycles ? "true" : "false";
		out += ",\"ns_per_tick\":";
		char buffer[40];
		std::snprintf(buffer, sizeof(buffer), "%.9g", cal.ns_per_tick);
		out += buffer;
		out += ",\"overhead_ticks\":" + std::to_string(cal.overhead_ticks) + '}';
	}
	out += ',';
	append_field(out, "sample_every", run.sample_every());
	if(profiled) {
		out += ',';
		append_field(out, "split_every", run.clock().split_every());
		out += ',';
		append_field(out, "shared_reads", run.clock().shared_reads());
		out += ',';
		append_field(out, "span_ticks", run.clock().span_ticks());
	}
	out += ',';
	append_field(out, "run_ns", run.run_ns());
	out += ',';
	append_field(out, "run_cpu_ns", run.run_cpu_ns());
	const ruleset::replay_stats& stats = run.stats();
	out += ',';
	append_field(out, "events_read", stats.events_read);
	out += ',';
	append_field(out, "events_delivered", stats.events_delivered);
	out += ',';
	append_field(out, "events_matched", stats.events_matched);
	out += ',';
	append_field(out, "alerts", stats.alerts);
	// 2. Branches and their stages.
	if(profiled) {
		out += ",\"branches\":{";
		for(size_t b = 0; b < BRANCH_COUNT; b++) {
			if(b > 0) out += ',';
			out += '"';
			out += branch_name(static_cast<branch>(b));
			out += "\":{";
			append_field(out, "iterations", run.iterations(static_cast<branch>(b)));
			out += ",\"stages\":{";
			for(size_t s = 0; s < STAGE_COUNT; s++) {
				if(s > 0) out += ',';
				out += '"';
				out += stage_name(static_cast<pipeline_stage>(s));
				out += "\":";
				append_histogram_json(out, run.clock().stage(static_cast<branch>(b), static_cast<pipeline_stage>(s)));
			}
			out += "}}";
		}
		out += '}';
	}
	// 3. Rules.
	out += ",\"rules\":[";
	bool first = true;
	const ruleset::ruleset& rules = run.rules();
	for(const filter::compiled_rule& rule : rules.rules().rules) {
		if(!rules.is_selected(rule.id)) continue;
		if(!first) out += ',';
		first = false;
		out += '{';
		append_field(out, "id", rule.id);
		out += ',';
		append_field(out, "evaluations", rules.evaluations(rule.id));
		out += ',';
		append_field(out, "matches", rules.matches(rule.id));
		if(profiled) {
			const rule_slot& slot = run.probe().slots()[rule.id];
			out += ",\"not_matched\":";
			append_histogram_json(out, slot.not_matched);
			out += ",\"matched\":";
			append_histogram_json(out, slot.matched);
		}
		out += '}';
	}
	out += "]}";
	return out;
}

}  // namespace studio::metrics
