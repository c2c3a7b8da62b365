// Reads Kubernetes audit events from a file the way the k8saudit plugin accepts them: one
// `Event`, an `EventList` (each of its `items` is an event), an array of those, or several of
// those one after the other (JSON lines). Each audit event becomes one engine event, numbered
// from 1 in file order, timestamped with its `stageTimestamp` (RFC 3339, nanoseconds) like the
// plugin does. A malformed or truncated document, a value that is not an audit event, or an
// event without a readable stageTimestamp stops reading with a message that names the line,
// column and byte offset. It keeps the parsed document of the current top-level value only;
// it does not evaluate rules or extract fields.
#pragma once

#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "sources/k8s_audit/json_doc.h"

namespace studio::sources::k8s_audit {

/** One audit event: its number, time and JSON object (valid until the next read). */
struct audit_event {
	uint64_t num = 0;
	uint64_t ts = 0;
	const json_node* json = nullptr;
	/** Byte offset of the event's object in the file. */
	uint64_t offset = 0;
};

/** Why reading stopped. `line` and `column` are 1-based. */
struct audit_read_error {
	std::string message;
	uint64_t offset = 0;
	uint64_t line = 0;
	uint64_t column = 0;
};

enum class audit_read_status { event, eof, error };

/** Largest audit file read (the whole text is kept in memory). */
constexpr uint64_t MAX_AUDIT_FILE_BYTES = 1ull << 30;

class audit_reader {
public:
	/** Reads the file; false with error() set when it cannot be read. */
	bool open_file(const std::string& path);
	/** Uses `text` as the file's content (tests). */
	void open_text(std::string text);

	/** The next event into `out`, or eof, or error (then error() says why and where). */
	audit_read_status next(audit_event& out);

	const audit_read_error& error() const { return m_error; }
	uint64_t events_read() const { return m_events; }
	/** Bytes of the file consumed so far. */
	uint64_t offset() const { return m_pos; }
	uint64_t size() const { return m_text.size(); }

private:
	std::string m_text;
	size_t m_pos = 0;
	std::unique_ptr<json_node> m_doc;
	std::vector<const json_node*> m_pending;
	size_t m_next_pending = 0;
	uint64_t m_events = 0;
	audit_read_error m_error;
	bool m_failed = false;

	bool collect(const json_node& value, int depth);
	audit_read_status fail(const std::string& message, uint64_t offset);
	uint64_t offset_of(const json_node& node) const;
};

/**
 * Parses an RFC 3339 time with optional fraction and zone ("2018-10-25T14:09:12.581541Z",
 * "...+02:00") into nanoseconds since the epoch; false when the text is not such a time.
 */
bool parse_rfc3339(std::string_view text, uint64_t& ns);

}  // namespace studio::sources::k8s_audit
