// Internal plumbing of the k8s_audit extractors (not a public API; k8s_audit_fields.h is):
// the row type of their table, the argument and value types, and the JSON walking helpers
// that follow the k8saudit plugin's extraction rules. k8s_audit_walk.cpp defines the helpers,
// k8s_audit_pod_fields.cpp the pod and container rows, k8s_audit_fields.cpp the rest.
#pragma once

#include <cstdint>
#include <initializer_list>
#include <string>
#include <string_view>
#include <vector>

#include "fields/extractor.h"
#include "sources/k8s_audit/json_doc.h"

namespace studio::fields::k8s_audit_table {

using node = sources::k8s_audit::json_node;
using texts = std::vector<std::string>;

/** A field's argument: a key (text) and, when it is a number, an index (else -1). */
struct audit_args {
	bool has = false;
	std::string text;
	int64_t index = -1;
};

/** Extracts a field from the event's JSON into `out`; false when it is missing. */
using audit_fn = bool (*)(const node& evt, const audit_args& a, texts& out);

/** What a field needs: an audit event (ka.*, "auditID" present), any JSON, or the event time. */
enum class needs : uint8_t { audit_id, any_json, event_time };

/** A row of the table: the registry entry and the extraction. */
struct audit_field {
	field_info info;
	audit_fn fn;
	needs need;
};

/** The plugin's "value as string": a string's text, any other value's compact JSON. */
std::string as_text(const node& n);
/** The value at `keys` as text; false when absent. */
bool text_at(const node& evt, std::initializer_list<std::string_view> keys, texts& out);
/** Each element of the array at `keys` as text; false when absent or not an array. */
bool list_at(const node& evt, std::initializer_list<std::string_view> keys, texts& out);
/**
 * The plugin's getValuesRecursive: follows `keys`, fanning out over every element of each
 * array met (null where an element lacks the rest of the path), or taking only element
 * `index` when one is given (>= 0). False when the path is absent.
 */
bool walk(const node* v, int64_t index, const std::vector<std::string_view>& keys, size_t from,
          std::vector<const node*>& res);
/** walk(), then the text of every value found, leaving out the elements without one. */
bool walk_skip_missing(const node& evt, int64_t index, const std::vector<std::string_view>& keys, texts& out);
/** walk(), then the text of every value found; false when an element lacks the value. */
bool walk_all(const node& evt, int64_t index, const std::vector<std::string_view>& keys, texts& out);
/** The elements of the array at `keys` (only element [index] with an index), as text. */
bool array_elements(const node& evt, const audit_args& a, std::initializer_list<std::string_view> keys, texts& out);

/** The rows of the pod and container fields (ka.req.pod.*, ka.req.container.*, volumes). */
const std::vector<audit_field>& pod_fields();

}  // namespace studio::fields::k8s_audit_table
