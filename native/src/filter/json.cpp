// The strict JSON reader (see json.h): a recursive-descent parser with a depth cap.
#include "filter/json.h"

#include <cstdlib>

namespace studio::filter {

namespace {

constexpr int k_max_depth = 2000;

class json_parser {
public:
	explicit json_parser(std::string_view text): m_text(text) {}

	bool parse(json_value& out, std::string& error) {
		skip_space();
		bool ok = parse_value(out, 0);
		if(ok) {
			skip_space();
			if(m_pos != m_text.size()) ok = fail("unexpected text after the document");
		}
		if(!ok) error = m_error + " at offset " + std::to_string(m_pos);
		return ok;
	}

private:
	std::string_view m_text;
	size_t m_pos = 0;
	std::string m_error;

	bool fail(const char* message) {
		if(m_error.empty()) m_error = message;
		return false;
	}

	void skip_space() {
		while(m_pos < m_text.size()) {
			char c = m_text[m_pos];
			if(c != ' ' && c != '\t' && c != '\n' && c != '\r') break;
			m_pos++;
		}
	}

	bool literal(std::string_view word) {
		if(m_text.substr(m_pos, word.size()) != word) return fail("invalid literal");
		m_pos += word.size();
		return true;
	}

	bool parse_value(json_value& out, int depth) {
		if(depth > k_max_depth) return fail("document nests too deeply");
		if(m_pos >= m_text.size()) return fail("unexpected end of document");
		char c = m_text[m_pos];
		switch(c) {
		case '{': return parse_object(out, depth);
		case '[': return parse_array(out, depth);
		case '"': out.kind = json_value::STRING; return parse_string(out.string);
		case 't': out.kind = json_value::BOOLEAN; out.boolean = true; return literal("true");
		case 'f': out.kind = json_value::BOOLEAN; out.boolean = false; return literal("false");
		case 'n': out.kind = json_value::NUL; return literal("null");
		default: return parse_number(out);
		}
	}

	bool parse_object(json_value& out, int depth) {
		out.kind = json_value::OBJECT;
		m_pos++;
		skip_space();
		if(m_pos < m_text.size() && m_text[m_pos] == '}') {
			m_pos++;
			return true;
		}
		while(true) {
			skip_space();
			if(m_pos >= m_text.size() || m_text[m_pos] != '"') return fail("expected a member name");
			std::pair<std::string, json_value> member;
			if(!parse_string(member.first)) return false;
			skip_space();
			if(m_pos >= m_text.size() || m_text[m_pos] != ':') return fail("expected ':'");
			m_pos++;
			skip_space();
			if(!parse_value(member.second, depth + 1)) return false;
			out.object.push_back(std::move(member));
			skip_space();
			if(m_pos < m_text.size() && m_text[m_pos] == ',') {
				m_pos++;
				continue;
			}
			if(m_pos < m_text.size() && m_text[m_pos] == '}') {
				m_pos++;
				return true;
			}
			return fail("expected ',' or '}'");
		}
	}

	bool parse_array(json_value& out, int depth) {
		out.kind = json_value::ARRAY;
		m_pos++;
		skip_space();
		if(m_pos < m_text.size() && m_text[m_pos] == ']') {
			m_pos++;
			return true;
		}
		while(true) {
			skip_space();
			out.array.emplace_back();
			if(!parse_value(out.array.back(), depth + 1)) return false;
			skip_space();
			if(m_pos < m_text.size() && m_text[m_pos] == ',') {
				m_pos++;
				continue;
			}
			if(m_pos < m_text.size() && m_text[m_pos] == ']') {
				m_pos++;
				return true;
			}
			return fail("expected ',' or ']'");
		}
	}


	bool parse_hex4(unsigned long& out) {
		if(m_pos + 4 > m_text.size()) return fail("truncated \\u escape");
		out = 0;
		for(int i = 0; i < 4; i++) {
			char h = m_text[m_pos++];
			out <<= 4;
			if(h >= '0' && h <= '9') out |= static_cast<unsigned long>(h - '0');
			else if(h >= 'a' && h <= 'f') out |= static_cast<unsigned long>(h - 'a' + 10);
			else if(h >= 'A' && h <= 'F') out |= static_cast<unsigned long>(h - 'A' + 10);
			else return fail("invalid \\u escape");
		}
		return true;
	}

	bool parse_string(std::string& out) {
		m_pos++;  // opening quote
		while(true) {
			if(m_pos >= m_text.size()) return fail("unterminated string");
			char c = m_text[m_pos++];
			if(c == '"') return true;
			if(static_cast<unsigned char>(c) < 0x20) return fail("control character in string");
			if(c != '\\') {
				out += c;
				continue;
			}
			if(m_pos >= m_text.size()) return fail("unterminated string");
			char e = m_text[m_pos++];
			switch(e) {
			case '"': out += '"'; break;
			case '\\': out += '\\'; break;
			case '/': out += '/'; break;
			case 'b': out += '\b'; break;
			case 'f': out += '\f'; break;
			case 'n': out += '\n'; break;
			case 'r': out += '\r'; break;
			case 't': out += '\t'; break;
			case 'u': {
				unsigned long cp = 0;
				if(!parse_hex4(cp)) return false;
				if(cp >= 0xD800 && cp < 0xDC00 && m_text.substr(m_pos, 2) == "\\u") {
					m_pos += 2;
					unsigned long low = 0;
					if(!parse_hex4(low)) return false;
					if(low < 0xDC00 || low >= 0xE000) return fail("invalid surrogate pair");
					cp = 0x10000 + ((cp - 0xD800) << 10) + (low - 0xDC00);
				}
				append_utf8(out, cp);
				break;
			}
			default: return fail("invalid escape in string");
			}
		}
	}

	bool parse_number(json_value& out) {
		size_t start = m_pos;
		if(m_pos < m_text.size() && m_text[m_pos] == '-') m_pos++;
		auto digits = [&]() {
			size_t s = m_pos;
			while(m_pos < m_text.size() && m_text[m_pos] >= '0' && m_text[m_pos] <= '9') m_pos++;
			return m_pos - s;
		};
		size_t int_start = m_pos;
		if(digits() == 0) return fail("invalid value");
		if(m_text[int_start] == '0' && m_pos - int_start > 1) return fail("leading zero in number");
		if(m_pos < m_text.size() && m_text[m_pos] == '.') {
			m_pos++;
			if(digits() == 0) return fail("invalid number");
		}
		if(m_pos < m_text.size() && (m_text[m_pos] == 'e' || m_text[m_pos] == 'E')) {
			m_pos++;
			if(m_pos < m_text.size() && (m_text[m_pos] == '+' || m_text[m_pos] == '-')) m_pos++;
			if(digits() == 0) return fail("invalid number");
		}
		out.kind = json_value::NUMBER;
		out.number = std::strtod(std::string(m_text.substr(start, m_pos - start)).c_str(), nullptr);
		return true;
	}
};

}  // namespace

void append_utf8(std::string& out, uint32_t cp) {
	if(cp < 0x80) {
		out += static_cast<char>(cp);
	} else if(cp < 0x800) {
		out += static_cast<char>(0xC0 | (cp >> 6));
		out += static_cast<char>(0x80 | (cp & 0x3F));
	} else if(cp < 0x10000) {
		out += static_cast<char>(0xE0 | (cp >> 12));
		out += static_cast<char>(0x80 | ((cp >> 6) & 0x3F));
		out += static_cast<char>(0x80 | (cp & 0x3F));
	} else {
		out += static_cast<char>(0xF0 | (cp >> 18));
		out += static_cast<char>(0x80 | ((cp >> 12) & 0x3F));
		out += static_cast<char>(0x80 | ((cp >> 6) & 0x3F));
		out += static_cast<char>(0x80 | (cp & 0x3F));
	}
}

const json_value* json_value::get(std::string_view key) const {
	if(kind != OBJECT) return nullptr;
	for(const auto& member : object) {
		if(member.first == key) return &member.second;
	}
	return nullptr;
}

bool parse_json(std::string_view text, json_value& out, std::string& error) {
	out = json_value();
	json_parser parser(text);
	return parser.parse(out, error);
}

}  // namespace studio::filter
