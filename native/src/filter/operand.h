// Operands: what a check reads on its left (and, with val(), on its right). A field operand
// wraps one extractor from fields/; a transformer operand (tolower, toupper, b64, basename,
// len, join, concat, getopt) computes new values from its arguments for each event.
// Operands own the storage their values point into, valid until their next evaluate().
// They do not compare anything (compare.h does).
#pragma once

#include <memory>
#include <string>
#include <unordered_map>
#include <vector>

#include "fields/extractor.h"
#include "filter/compiled_rule_set.h"

namespace studio::filter {

/** Something that yields zero or more typed values for the current event, or is missing. */
class operand {
public:
	virtual ~operand() = default;
	/** Reads the values for the event; false when the value is missing (<NA>). */
	virtual bool evaluate(const state::event_context& ctx) = 0;
	const std::vector<fields::field_value>& values() const { return *m_out; }
	fields::field_type type() const { return m_type; }
	bool is_list() const { return m_is_list; }
	/** The text the operand was written as, for messages ("tolower(proc.name)"). */
	const std::string& text() const { return m_text; }

protected:
	std::vector<fields::field_value> m_values;
	/** Where values() reads: m_values, or a cached extraction shared with other operands. */
	const std::vector<fields::field_value>* m_out = &m_values;
	fields::field_type m_type = fields::field_type::CHARBUF;
	bool m_is_list = false;
	std::string m_text;
};

/**
 * Shares the extraction of identical fields among the operands of one rule set, as libsinsp's
 * filter cache does: `proc.name` used by 40 rules is extracted once per event. A cached
 * extraction is keyed by the event (its evt.num), so it is valid for one inspector only.
 */
class operand_cache {
public:
	struct slot {
		std::unique_ptr<fields::extractor> extractor;
		std::vector<fields::field_value> values;
		uint64_t evt_num = 0;
		bool ok = false;
	};
	/** The slot for `text` (a field's text form), or null when not built yet. */
	std::shared_ptr<slot> find(const std::string& text) const;
	void add(const std::string& text, std::shared_ptr<slot> s) { m_slots[text] = std::move(s); }

private:
	std::unordered_map<std::string, std::shared_ptr<slot>> m_slots;
};

/**
 * Builds the operand for a field expression; null with `error` set when it cannot be built.
 * With a cache, plain fields share their extraction with identical fields of the same cache.
 */
std::unique_ptr<operand> build_operand(const field_expr& expr, std::string& error, operand_cache* cache = nullptr);

/** The text form of a field expression ("proc.aname[2]", "tolower(proc.name)"). */
std::string field_expr_text(const field_expr& expr);

/** True for the string-like types (CHARBUF, FSPATH). */
bool is_string_type(fields::field_type type);

}  // namespace studio::filter
