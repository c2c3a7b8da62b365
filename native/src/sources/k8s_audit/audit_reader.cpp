// The audit file reader (see audit_reader.h).
#include "sources/k8s_audit/audit_reader.h"

#include <cstdio>

namespace studio::sources::k8s_audit {

namespace {

constexpr int k_max_list_depth = 16;

bool read_digits(std::string_view text, size_t& pos, size_t count, int64_t& out) {
	if(pos + count > text.size()) return false;
	out = 0;
	for(size_t i = 0; i < count; i++) {
		const char c = text[pos + i];
		if(c < '0' || c > '9') return false;
		out = out * 10 + (c - '0');
	}
	pos += count;
	return true;
}

bool expect_char(std::string_view text, size_t& pos, char c) {
	if(pos >= text.size() || text[pos] != c) return false;
	pos++;
	return true;
}

// Days since 1970-01-01 of a proleptic Gregorian date (Howard Hinnant's civil algorithm).
int64_t days_from_civil(int64_t y, int64_t m, int64_t d) {
	y -= m <= 2 ? 1 : 0;
	const int64_t era = (y >= 0 ? y : y - 399) / 400;
	const int64_t yoe = y - era * 400;
	const int64_t doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
	const int64_t doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
	return era * 146097 + doe - 719468;
}

}  // namespace

bool parse_rfc3339(std::string_view text, uint64_t& ns) {
	size_t pos = 0;
	int64_t year = 0, month = 0, day = 0, hour = 0, minute = 0, second = 0;
	if(!read_digits(text, pos, 4, year) || !expect_char(text, pos, '-') || !read_digits(text, pos, 2, month) ||
	   !expect_char(text, pos, '-') || !read_digits(text, pos, 2, day) || !expect_char(text, pos, 'T') ||
	   !read_digits(text, pos, 2, hour) || !expect_char(text, pos, ':') || !read_digits(text, pos, 2, minute) ||
	   !expect_char(text, pos, ':') || !read_digits(text, pos, 2, second)) {
		return false;
	}
	if(month < 1 || month > 12 || day < 1 || day > 31 || hour > 23 || minute > 59 || second > 60) return false;
	int64_t fraction = 0;
	if(pos < text.size() && text[pos] == '.') {
		pos++;
		size_t digits = 0;
		while(pos < text.size() && text[pos] >= '0' && text[pos] <= '9') {
			if(digits < 9) fraction = fraction * 10 + (text[pos] - '0');
			digits++;
			pos++;
		}
		if(digits == 0) return false;
		for(size_t i = digits; i < 9; i++) fraction *= 10;
	}
	int64_t zone_seconds = 0;
	if(pos < text.size() && text[pos] == 'Z') {
		pos++;
	} else if(pos < text.size() && (text[pos] == '+' || text[pos] == '-')) {
		const int64_t sign = text[pos] == '-' ? -1 : 1;
		pos++;
		int64_t zh = 0, zm = 0;
		if(!read_digits(text, pos, 2, zh) || !expect_char(text, pos, ':') || !read_digits(text, pos, 2, zm)) return false;
		zone_seconds = sign * (zh * 3600 + zm * 60);
	} else {
		return false;
	}
	if(pos != text.size()) return false;
	const int64_t seconds = days_from_civil(year, month, day) * 86400 + hour * 3600 + minute * 60 + second - zone_seconds;
	if(seconds < 0) return false;
	ns = static_cast<uint64_t>(seconds) * 1000000000ull + static_cast<uint64_t>(fraction);
	return true;
}

bool audit_reader::open_file(const std::string& path) {
	std::FILE* file = std::fopen(path.c_str(), "rb");
	if(file == nullptr) {
		m_failed = true;
		m_error.message = "cannot open audit file '" + path + "'";
		return false;
	}
	std::string text;
	char buffer[1 << 16];
	size_t n = 0;
	while((n = std::fread(buffer, 1, sizeof(buffer), file)) > 0) {
		if(text.size() + n > MAX_AUDIT_FILE_BYTES) {
			std::fclose(file);
			m_failed = true;
			m_error.message = "audit file '" + path + "' is larger than 1 GiB";
			return false;
		}
		text.append(buffer, n);
	}
	const bool read_error = std::ferror(file) != 0;
	std::fclose(file);
	if(read_error) {
		m_failed = true;
		m_error.message = "cannot read audit file '" + path + "'";
		return false;
	}
	open_text(std::move(text));
	return true;
}

void audit_reader::open_text(std::string text) {
	m_text = std::move(text);
	m_pos = 0;
	m_doc.reset();
	m_pending.clear();
	m_next_pending = 0;
	m_events = 0;
	m_failed = false;
	m_error = audit_read_error{};
}

uint64_t audit_reader::offset_of(const json_node& node) const {
	return static_cast<uint64_t>(node.raw.data() - m_text.data());
}

audit_read_status audit_reader::fail(const std::string& message, uint64_t offset) {
	m_failed = true;
	m_error.message = message;
	m_error.offset = offset;
	m_error.line = 1;
	m_error.column = 1;
	for(uint64_t i = 0; i < offset && i < m_text.size(); i++) {
		if(m_text[i] == '\n') {
			m_error.line++;
			m_error.column = 1;
		} else {
			m_error.column++;
		}
	}
	return audit_read_status::error;
}

// Adds the events of one top-level value to m_pending, as the plugin's ParseAuditEventsJSON
// accepts them; false (with the error set) when the value is not an audit event.
bool audit_reader::collect(const json_node& value, int depth) {
	if(value.kind == json_node::ARRAY && depth < k_max_list_depth) {
		for(const json_node& item : value.items) {
			if(!collect(item, depth + 1)) return false;
		}
		return true;
	}
	const json_node* kind = value.get("kind");
	if(kind != nullptr && kind->kind == json_node::STRING) {
		if(kind->str == "Event") {
			m_pending.push_back(&value);
			return true;
		}
		const json_node* items = value.get("items");
		if(kind->str == "EventList" && items != nullptr && items->kind == json_node::ARRAY) {
			for(const json_node& item : items->items) m_pending.push_back(&item);
			return true;
		}
	}
	fail("data not recognized as a k8s audit event (expected an object with \"kind\": \"Event\" or \"EventList\")",
	     offset_of(value));
	return false;
}

audit_read_status audit_reader::next(audit_event& out) {
	if(m_failed) return audit_read_status::error;
	while(m_next_pending >= m_pending.size()) {
		m_pending.clear();
		m_next_pending = 0;
		m_pos = skip_json_space(m_text, m_pos);
		if(m_pos >= m_text.size()) {
			if(m_events == 0 && m_doc == nullptr) return fail("the audit file holds no JSON value", m_pos);
			return audit_read_status::eof;
		}
		m_doc = std::make_unique<json_node>();
		json_error error;
		if(!parse_value_at(m_text, m_pos, *m_doc, error)) return fail("malformed JSON: " + error.message, error.offset);
		if(!collect(*m_doc, 0)) return audit_read_status::error;
	}
	const json_node& event = *m_pending[m_next_pending++];
	const json_node* stage_ts = event.get("stageTimestamp");
	uint64_t ts = 0;
	if(stage_ts == nullptr || stage_ts->kind != json_node::STRING || !parse_rfc3339(stage_ts->str, ts)) {
		return fail(std::string("can't read stageTimestamp of audit event ") + std::to_string(m_events + 1) +
		                    (stage_ts == nullptr ? " (the member is missing)" : " (not an RFC 3339 time)"),
		            stage_ts == nullptr ? offset_of(event) : offset_of(*stage_ts));
	}
	out.num = ++m_events;
	out.ts = ts;
	out.json = &event;
	out.offset = offset_of(event);
	return audit_read_status::event;
}

}  // namespace studio::sources::k8s_audit
