// The `regex` operator: RE2 syntax, anchored at both ends (libsinsp uses RE2::FullMatch).
// std::regex is not used on purpose: its backtracking recursion can overflow the stack on
// long values. This is a Thompson-NFA (Pike VM) matcher: time O(pattern × value), no
// recursion on the value, no backtracking. It supports the RE2 subset rule authors use:
// literals and escapes, `.`, classes (`[a-z]`, `[^x]`, `[[:alpha:]]`, `\d \w \s` and their
// negations), groups (`(...)`, `(?:...)`, `(?P<n>...)`), the `(?i)`/`(?s)` flags, alternation,
// `* + ? {n} {n,} {n,m}` (lazy forms accepted), `^ $ \A \z \b \B`. It works on bytes, so `.`
// matches one byte rather than one UTF-8 character. It does not capture submatches.
#pragma once

#include <bitset>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace studio::filter {

/// A compiled regular expression; build with `compile`, then `full_match` many times.
class regex {
public:
	/// Compiles `pattern`; on a syntax error returns false and sets `error` (RE2's wording
	/// where it has one, e.g. "missing ): (a").
	bool compile(std::string_view pattern, std::string& error);

	/// True when the whole of `value` matches. Thread-compatible, not thread-safe (it reuses
	/// scratch buffers).
	bool full_match(std::string_view value) const;

	struct instruction {
		enum kind_t : uint8_t { CHAR, SPLIT, JMP, MATCH, BEGIN, END, WORD_B, NOT_WORD_B } kind;
		uint32_t x = 0;
		uint32_t y = 0;
		uint32_t set = 0;  // index into m_sets for CHAR
	};

private:
	std::vector<instruction> m_program;
	std::vector<std::bitset<256>> m_sets;
	mutable std::vector<uint32_t> m_scratch;
};

}  // namespace studio::filter
