// Pure operator helpers (see operators.h).
#include "filter/operators.h"

#include <cerrno>
#include <cstdlib>
#include <cstring>

namespace studio::filter {

namespace {

struct op_entry {
	const char* name;
	cmp_op op;
};

const op_entry k_ops[] = {
	{"=", cmp_op::EQ},
	{"==", cmp_op::EQ},
	{"!=", cmp_op::NE},
	{"<", cmp_op::LT},
	{"<=", cmp_op::LE},
	{">", cmp_op::GT},
	{">=", cmp_op::GE},
	{"contains", cmp_op::CONTAINS},
	{"icontains", cmp_op::ICONTAINS},
	{"bcontains", cmp_op::BCONTAINS},
	{"startswith", cmp_op::STARTSWITH},
	{"bstartswith", cmp_op::BSTARTSWITH},
	{"endswith", cmp_op::ENDSWITH},
	{"glob", cmp_op::GLOB},
	{"iglob", cmp_op::IGLOB},
	{"regex", cmp_op::REGEX},
	{"exists", cmp_op::EXISTS},
	{"in", cmp_op::IN},
	{"intersects", cmp_op::INTERSECTS},
	{"pmatch", cmp_op::PMATCH},
};

unsigned char lower(unsigned char c) {
	return (c >= 'A' && c <= 'Z') ? static_cast<unsigned char>(c + 32) : c;
}

int hex_digit(char c) {
	if(c >= '0' && c <= '9') return c - '0';
	if(c >= 'a' && c <= 'f') return c - 'a' + 10;
	if(c >= 'A' && c <= 'F') return c - 'A' + 10;
	return -1;
}

void split_path(std::string_view path, std::vector<std::string>& out) {
	size_t pos = 0;
	while(pos <= path.size()) {
		size_t slash = path.find('/', pos);
		if(slash == std::string_view::npos) slash = path.size();
		if(slash > pos) out.emplace_back(path.substr(pos, slash - pos));
		pos = slash + 1;
	}
}

}  // namespace

bool parse_op(std::string_view text, cmp_op& op, op_modifier& modifier) {
	modifier = op_modifier::NONE;
	size_t space = text.find(' ');
	std::string_view name = text.substr(0, space);
	if(space != std::string_view::npos) {
		std::string_view mod = text.substr(space + 1);
		if(mod == "oneof") modifier = op_modifier::ONEOF;
		else if(mod == "anyof") modifier = op_modifier::ANYOF;
		else if(mod == "allof") modifier = op_modifier::ALLOF;
		else return false;
	}
	for(const op_entry& entry : k_ops) {
		if(name == entry.name) {
			op = entry.op;
			return true;
		}
	}
	return false;
}

const char* op_name(cmp_op op) {
	for(const op_entry& entry : k_ops) {
		if(entry.op == op && std::strcmp(entry.name, "==") != 0) return entry.name;
	}
	return "?";
}

void to_lower_ascii(std::string_view in, std::string& out) {
	out.resize(in.size());
	for(size_t i = 0; i < in.size(); i++) out[i] = static_cast<char>(lower(static_cast<unsigned char>(in[i])));
}

bool contains_bytes(std::string_view haystack, std::string_view needle) {
	if(needle.empty()) return true;
	return memmem(haystack.data(), haystack.size(), needle.data(), needle.size()) != nullptr;
}

bool icontains(std::string_view haystack, std::string_view needle_lower) {
	if(needle_lower.empty()) return true;
	if(needle_lower.size() > haystack.size()) return false;
	const size_t last = haystack.size() - needle_lower.size();
	const unsigned char first = static_cast<unsigned char>(needle_lower[0]);
	for(size_t i = 0; i <= last; i++) {
		if(lower(static_cast<unsigned char>(haystack[i])) != first) continue;
		size_t j = 1;
		while(j < needle_lower.size() &&
		      lower(static_cast<unsigned char>(haystack[i + j])) == static_cast<unsigned char>(needle_lower[j]))
			j++;
		if(j == needle_lower.size()) return true;
	}
	return false;
}

bool starts_with(std::string_view value, std::string_view prefix) {
	return value.size() >= prefix.size() && value.compare(0, prefix.size(), prefix) == 0;
}

bool ends_with(std::string_view value, std::string_view suffix) {
	return value.size() >= suffix.size() && value.compare(value.size() - suffix.size(), suffix.size(), suffix) == 0;
}

bool decode_hex(std::string_view text, std::string& out) {
	out.clear();
	if(text.size() % 2 != 0) return false;
	for(size_t i = 0; i < text.size(); i += 2) {
		int hi = hex_digit(text[i]);
		int lo = hex_digit(text[i + 1]);
		if(hi < 0 || lo < 0) return false;
		out += static_cast<char>(hi * 16 + lo);
	}
	return true;
}

void path_prefix_set::add(std::string_view prefix) {
	std::vector<std::string> components;
	split_path(prefix, components);
	m_prefixes.push_back(std::move(components));
}

bool path_prefix_set::matches(std::string_view path) const {
	std::vector<std::string_view> components;
	size_t pos = 0;
	while(pos <= path.size()) {
		size_t slash = path.find('/', pos);
		if(slash == std::string_view::npos) slash = path.size();
		if(slash > pos) components.push_back(path.substr(pos, slash - pos));
		pos = slash + 1;
	}
	for(const auto& prefix : m_prefixes) {
		if(prefix.size() > components.size()) continue;
		bool all = true;
		for(size_t i = 0; i < prefix.size() && all; i++) all = prefix[i] == components[i];
		if(all) return true;
	}
	return false;
}

bool parse_unsigned(std::string_view text, uint64_t& out) {
	if(text.empty() || text[0] == '-' || text[0] == '+' || text.size() > 64) return false;
	std::string buffer(text);
	char* end = nullptr;
	errno = 0;
	unsigned long long value = std::strtoull(buffer.c_str(), &end, 0);
	if(errno != 0 || end != buffer.c_str() + buffer.size()) return false;
	out = value;
	return true;
}

bool parse_signed(std::string_view text, int64_t& out) {
	if(text.empty() || text.size() > 64) return false;
	std::string buffer(text);
	char* end = nullptr;
	errno = 0;
	long long value = std::strtoll(buffer.c_str(), &end, 0);
	if(errno != 0 || end != buffer.c_str() + buffer.size()) return false;
	out = value;
	return true;
}

bool parse_double(std::string_view text, double& out) {
	if(text.empty() || text.size() > 64) return false;
	std::string buffer(text);
	char* end = nullptr;
	errno = 0;
	double value = std::strtod(buffer.c_str(), &end);
	if(errno != 0 || end != buffer.c_str() + buffer.size()) return false;
	out = value;
	return true;
}

bool decode_base64(std::string_view text, std::string& out) {
	out.clear();
	uint32_t acc = 0;
	int bits = 0;
	size_t padding = 0;
	for(char c : text) {
		int value;
		if(c >= 'A' && c <= 'Z') value = c - 'A';
		else if(c >= 'a' && c <= 'z') value = c - 'a' + 26;
		else if(c >= '0' && c <= '9') value = c - '0' + 52;
		else if(c == '+') value = 62;
		else if(c == '/') value = 63;
		else if(c == '=') {
			padding++;
			continue;
		} else return false;
		if(padding > 0) return false;
		acc = (acc << 6) | static_cast<uint32_t>(value);
		bits += 6;
		if(bits >= 8) {
			bits -= 8;
			out += static_cast<char>((acc >> bits) & 0xFF);
		}
	}
	return padding <= 2;
}

}  // namespace studio::filter
