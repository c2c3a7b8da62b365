// Field extraction: create_extractor(name, arg) builds an object that reads one field
// (evt.*, proc.*, thread.*, fd.*, user.*, group.*, container.*, fs.path.*) from the current
// event context, as a typed value or "missing". The registry lists every extractable field
// with its type, so a test can compare it with data/fields.json. Extractors do not compare
// values (filter/ does) and do not change state.
#pragma once

#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "state/inspector.h"

namespace studio::fields {

/** Field types; field_type_name() gives the catalog's spelling ("charbuf", "uint64", ...). */
enum class field_type : uint8_t {
	CHARBUF,
	BYTEBUF,
	INT8,
	INT16,
	INT32,
	INT64,
	UINT8,
	UINT16,
	UINT32,
	UINT64,
	BOOL,
	RELTIME,
	ABSTIME,
	PORT,
	L4PROTO,
	SOCKFAMILY,
	IPADDR,
	IPNET,
	MODE,
	DOUBLE,
	ERRNO,
	FD,
	PID,
	FSPATH,
	SYSCALLID,
	SIGTYPE,
	FLAGS8,
	FLAGS16,
	FLAGS32,
	UID,
	GID,
	/** Registry listing only: the type depends on the argument (evt.rawarg.NAME). */
	DYNAMIC,
};

/** The catalog spelling of a type ("charbuf", "uint64", ...), as in data/fields.json. */
const char* field_type_name(field_type type);
/** True for the types whose value is in field_value::u / ::i (numbers, bools, ports...). */
bool is_numeric(field_type type);
/** True when the numeric value is signed (uses field_value::i). */
bool is_signed(field_type type);

/**
 * One extracted value. Strings and byte buffers use `str` (valid until the next extract on the
 * same extractor); IPADDR uses `str` with 4 or 16 raw bytes; numbers use `u` (unsigned, BOOL as
 * 0/1) or `i` (signed types), DOUBLE uses `d`.
 */
struct field_value {
	std::string_view str;
	uint64_t u = 0;
	int64_t i = 0;
	double d = 0;
};

/** How a field's argument is written: none, [index], [name], or either ("any"). */
enum class arg_kind : uint8_t { none, index, key, any };

/** A registry entry. */
struct field_info {
	const char* name;
	field_type type;
	bool is_list;
	/** Whether the field takes an argument and whether it is required. */
	arg_kind arg;
	bool arg_required;
	const char* desc;
};

/** Reads one field. Not thread-safe; one extractor per evaluation thread. */
class extractor {
public:
	virtual ~extractor() = default;
	/**
	 * Extracts the value(s) for the event in ctx into out (cleared first). Returns false when the
	 * field is missing (<NA>). A list field may return true with zero values. A few non-list
	 * fields return several values when they mean "any of": proc.aname/proc.apid/proc.aexe/
	 * proc.aexepath/proc.acmdline without an argument (every ancestor, parent first, as 0.29.3's
	 * filter-only form), fd.ip/fd.port/fd.net/fd.proto (client and server side).
	 */
	virtual bool extract(const state::event_context& ctx, std::vector<field_value>& out) = 0;
	field_type type() const { return m_type; }
	bool is_list() const { return m_is_list; }
	const std::string& name() const { return m_name; }
	const std::string& arg() const { return m_arg; }

protected:
	extractor(std::string name, std::string arg, field_type type, bool is_list)
	    : m_name(std::move(name)), m_arg(std::move(arg)), m_type(type), m_is_list(is_list) {}
	std::string m_name;
	std::string m_arg;
	field_type m_type;
	bool m_is_list;
};

/**
 * Builds the extractor for `name` with an optional argument (the text inside [] without the
 * brackets; has_arg false when there were none). Returns null with `error` set when the field
 * is unknown or the argument is invalid for it.
 */
std::unique_ptr<extractor> create_extractor(const std::string& name, const std::string& arg,
                                            bool has_arg, std::string& error);

/** Every extractable field, sorted by name. */
const std::vector<field_info>& registry();

/**
 * Formats a value the way sysdig -p prints it (numbers in decimal, IPs as text, BOOL as
 * true/false ...), appending to out.
 */
void format_value(field_type type, const field_value& v, std::string& out);

}  // namespace studio::fields
