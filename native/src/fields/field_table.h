// Internal plumbing shared by the field-class files: the table row that binds a field_info to
// its extraction function, parsed arguments, scratch storage for computed strings, and small
// push helpers. Each class file (evt_fields.cpp, proc_fields.cpp, fd_fields.cpp,
// user_fields.cpp) exports its table; registry.cpp merges them. Not a public API.
#pragma once

#include <deque>
#include <string>
#include <vector>

#include "fields/extractor.h"

namespace studio::fields {

/** The argument of a field reference, parsed once at creation. */
struct field_args {
	bool has = false;
	std::string text;
	/** text as a number when it is one, else -1. */
	int64_t index = -1;
};

/** Storage for values computed during one extract() (strings must outlive the call). */
struct scratch {
	/** A deque, so earlier strings keep their address when more are added. */
	std::deque<std::string> strs;
	std::string& next() {
		strs.emplace_back();
		return strs.back();
	}
};

using extract_fn = bool (*)(const state::event_context& ctx, const field_args& arg, scratch& s,
                            std::vector<field_value>& out);

struct field_def {
	field_info info;
	extract_fn fn;
};

struct field_class {
	const field_def* defs;
	size_t count;
};

field_class evt_field_class();
field_class proc_field_class();
field_class fd_field_class();
field_class user_field_class();
field_class fs_field_class();

/** The registry entry of evt.rawarg (type DYNAMIC; each extractor has its argument's type). */
const field_info& rawarg_field_info();
/**
 * Builds the extractor of evt.rawarg.NAME: the raw parameter NAME of the current event with
 * its schema type (the type of the first event-table parameter of that name, as libsinsp).
 * Null with `error` set when no event has a parameter of that name.
 */
std::unique_ptr<extractor> create_rawarg_extractor(const std::string& key, std::string& error);

inline bool push_str(std::vector<field_value>& out, std::string_view v) {
	field_value fv;
	fv.str = v;
	out.push_back(fv);
	return true;
}

inline bool push_owned(std::vector<field_value>& out, scratch& s, std::string v) {
	std::string& slot = s.next();
	slot = std::move(v);
	return push_str(out, slot);
}

inline bool push_u(std::vector<field_value>& out, uint64_t v) {
	field_value fv;
	fv.u = v;
	fv.i = static_cast<int64_t>(v);
	out.push_back(fv);
	return true;
}

inline bool push_i(std::vector<field_value>& out, int64_t v) {
	field_value fv;
	fv.i = v;
	fv.u = static_cast<uint64_t>(v);
	out.push_back(fv);
	return true;
}

inline bool push_bool(std::vector<field_value>& out, bool v) {
	return push_u(out, v ? 1 : 0);
}

inline bool push_double(std::vector<field_value>& out, double v) {
	field_value fv;
	fv.d = v;
	out.push_back(fv);
	return true;
}

/** The errno name for a positive errno ("ENOENT"), or nullptr when unknown. */
const char* errno_name(int64_t err);

/** Formats parameter i of the event the way sysdig's evt.arg does. False when absent. */
bool format_param(const state::event_context& ctx, uint32_t i, std::string& out);

}  // namespace studio::fields
