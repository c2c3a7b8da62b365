// Shell glob matching (see glob.h). Supports `*`, `?`, bracket expressions (`[abc]`, `[a-z]`,
// `[!x]`, `[^x]`, `[[:alpha:]]`) and backslash escapes, as glibc's fnmatch does with flags 0.
// An unterminated bracket matches a literal `[`, like fnmatch.
#include "filter/glob.h"

#include <cctype>
#include <cstring>

namespace studio::filter {

namespace {

unsigned char fold(unsigned char c, bool case_insensitive) {
	return case_insensitive ? static_cast<unsigned char>(std::tolower(c)) : c;
}

bool class_matches(std::string_view name, unsigned char c) {
	if(name == "alpha") return std::isalpha(c);
	if(name == "digit") return std::isdigit(c);
	if(name == "alnum") return std::isalnum(c);
	if(name == "upper") return std::isupper(c);
	if(name == "lower") return std::islower(c);
	if(name == "space") return std::isspace(c);
	if(name == "punct") return std::ispunct(c);
	if(name == "xdigit") return std::isxdigit(c);
	if(name == "print") return std::isprint(c);
	if(name == "graph") return std::isgraph(c);
	if(name == "cntrl") return std::iscntrl(c);
	if(name == "blank") return c == ' ' || c == '\t';
	return false;
}

// Matches one bracket expression starting at pattern[pos] == '['. Returns false in `closed`
// when the bracket never closes (the caller then treats '[' as a literal). On success `pos`
// moves past the closing ']'.
bool bracket_matches(std::string_view pattern, size_t& pos, unsigned char c, bool ci,
		     bool& closed) {
	size_t i = pos + 1;
	bool negate = false;
	if(i < pattern.size() && (pattern[i] == '!' || pattern[i] == '^')) {
		negate = true;
		i++;
	}
	bool matched = false;
	bool first = true;
	unsigned char fc = fold(c, ci);
	while(i < pattern.size()) {
		unsigned char p = static_cast<unsigned char>(pattern[i]);
		if(p == ']' && !first) {
			closed = true;
			pos = i + 1;
			return matched != negate;
		}
		first = false;
		if(p == '[' && i + 1 < pattern.size() && pattern[i + 1] == ':') {
			size_t end = pattern.find(":]", i + 2);
			if(end != std::string_view::npos) {
				std::string_view name = pattern.substr(i + 2, end - i - 2);
				if(class_matches(name, c) ||
				   (ci && (class_matches(name, static_cast<unsigned char>(std::tolower(c))) ||
					   class_matches(name, static_cast<unsigned char>(std::toupper(c)))))) {
					matched = true;
				}
				i = end + 2;
				continue;
			}
		}
		if(p == '\\' && i + 1 < pattern.size()) {
			i++;
			p = static_cast<unsigned char>(pattern[i]);
		}
		unsigned char lo = p;
		unsigned char hi = p;
		if(i + 2 < pattern.size() && pattern[i + 1] == '-' && pattern[i + 2] != ']') {
			size_t hi_pos = i + 2;
			if(pattern[hi_pos] == '\\' && hi_pos + 1 < pattern.size()) hi_pos++;
			hi = static_cast<unsigned char>(pattern[hi_pos]);
			i = hi_pos;
		}
		i++;
		if(c >= lo && c <= hi) {
			matched = true;
		} else if(ci && fc >= fold(lo, true) && fc <= fold(hi, true)) {
			matched = true;
		} else if(ci) {
			unsigned char uc = static_cast<unsigned char>(std::toupper(c));
			if(uc >= lo && uc <= hi) matched = true;
		}
	}
	closed = false;
	return false;
}

// Matches a single non-star pattern element at `pi` against value char `c`. Advances `pi`
// past the element when it matches.
bool element_matches(std::string_view pattern, size_t& pi, unsigned char c, bool ci) {
	unsigned char p = static_cast<unsigned char>(pattern[pi]);
	if(p == '?') {
		pi++;
		return true;
	}
	if(p == '[') {
		bool closed = false;
		size_t pos = pi;
		bool matched = bracket_matches(pattern, pos, c, ci, closed);
		if(closed) {
			if(matched) pi = pos;
			return matched;
		}
		// Unterminated bracket: a literal '['.
	}
	if(p == '\\' && pi + 1 < pattern.size()) {
		p = static_cast<unsigned char>(pattern[pi + 1]);
		if(fold(p, ci) == fold(c, ci)) {
			pi += 2;
			return true;
		}
		return false;
	}
	if(fold(p, ci) == fold(c, ci)) {
		pi++;
		return true;
	}
	return false;
}

}  // namespace

bool glob_match(std::string_view pattern, std::string_view value, bool case_insensitive) {
	size_t pi = 0;
	size_t vi = 0;
	size_t star_pi = std::string_view::npos;
	size_t star_vi = 0;
	while(vi < value.size()) {
		if(pi < pattern.size() && pattern[pi] == '*') {
			while(pi < pattern.size() && pattern[pi] == '*') pi++;
			if(pi == pattern.size()) return true;
			star_pi = pi;
			star_vi = vi;
			continue;
		}
		if(pi < pattern.size() &&
		   element_matches(pattern, pi, static_cast<unsigned char>(value[vi]), case_insensitive)) {
			vi++;
			continue;
		}
		if(star_pi == std::string_view::npos) return false;
		// Backtrack: let the last star swallow one more character.
		pi = star_pi;
		vi = ++star_vi;
	}
	while(pi < pattern.size() && pattern[pi] == '*') pi++;
	return pi == pattern.size();
}

}  // namespace studio::filter
