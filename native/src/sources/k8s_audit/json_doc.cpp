// The audit JSON reader and its compact writer (see json_doc.h).
#include "sources/k8s_audit/json_doc.h"

#include "filter/json.h"

namespace studio::sources::k8s_audit {

namespace {

constexpr int k_max_depth = 512;

class parser {
public:
	parser(std::string_view text, size_t pos): m_text(text), m_pos(pos) {}

	bool value(json_node& out, int depth) {
		if(depth > k_max_depth) return fail("the document nests more than 512 levels deep");
		m_pos = skip_json_space(m_text, m_pos);
		if(m_pos >= m_text.size()) return fail("unexpected end of input (truncated JSON?)");
		const size_t start = m_pos;
		bool ok = false;
		switch(m_text[m_pos]) {
		case '{': ok = object(out, depth); break;
		case '[': ok = array(out, depth); break;
		case '"': out.kind = json_node::STRING; ok = string(out.str); break;
		case 't': out.kind = json_node::BOOLEAN; out.boolean = true; ok = literal("true"); break;
		case 'f': out.kind = json_node::BOOLEAN; ok = literal("false"); break;
		case 'n': out.kind = json_node::NUL; ok = literal("null"); break;
		default: out.kind = json_node::NUMBER; ok = number(); break;
		}
		if(ok) out.raw = m_text.substr(start, m_pos - start);
		return ok;
	}

	size_t pos() const { return m_pos; }
	const json_error& error() const { return m_error; }

private:
	std::string_view m_text;
	size_t m_pos;
	json_error m_error;

	bool fail(const char* message) {
		if(m_error.message.empty()) {
			m_error.message = message;
			m_error.offset = m_pos;
		}
		return false;
	}

	bool literal(std::string_view word) {
		if(m_text.substr(m_pos, word.size()) != word) {
			return fail(m_pos + word.size() > m_text.size() && word.substr(0, m_text.size() - m_pos) == m_text.substr(m_pos)
			                    ? "unexpected end of input (truncated JSON?)"
			                    : "invalid literal (expected a JSON value)");
		}
		m_pos += word.size();
		return true;
	}

	bool digits() {
		const size_t start = m_pos;
		while(m_pos < m_text.size() && m_text[m_pos] >= '0' && m_text[m_pos] <= '9') m_pos++;
		return m_pos > start;
	}

	bool number() {
		if(m_pos < m_text.size() && m_text[m_pos] == '-') m_pos++;
		if(m_pos < m_text.size() && m_text[m_pos] == '0') {
			m_pos++;
		} else if(!digits()) {
			return fail(m_pos >= m_text.size() ? "unexpected end of input (truncated JSON?)" : "invalid character (expected a JSON value)");
		}
		if(m_pos < m_text.size() && m_text[m_pos] == '.') {
			m_pos++;
			if(!digits()) return fail("invalid number: digits expected after '.'");
		}
		if(m_pos < m_text.size() && (m_text[m_pos] == 'e' || m_text[m_pos] == 'E')) {
			m_pos++;
			if(m_pos < m_text.size() && (m_text[m_pos] == '+' || m_text[m_pos] == '-')) m_pos++;
			if(!digits()) return fail("invalid number: digits expected in the exponent");
		}
		return true;
	}

	static int hex_digit(char c) {
		if(c >= '0' && c <= '9') return c - '0';
		if(c >= 'a' && c <= 'f') return c - 'a' + 10;
		if(c >= 'A' && c <= 'F') return c - 'A' + 10;
		return -1;
	}

	bool hex4(unsigned& out) {
		if(m_pos + 4 > m_text.size()) return fail("unexpected end of input (truncated JSON?)");
		out = 0;
		for(int i = 0; i < 4; i++) {
			int d = hex_digit(m_text[m_pos + i]);
			if(d < 0) return fail("invalid \\u escape in a string");
			out = out * 16 + static_cast<unsigned>(d);
		}
		m_pos += 4;
		return true;
	}


	bool escape(std::string& out) {
		if(m_pos >= m_text.size()) return fail("unexpected end of input (truncated JSON?)");
		const char c = m_text[m_pos++];
		switch(c) {
		case '"': out += '"'; return true;
		case '\\': out += '\\'; return true;
		case '/': out += '/'; return true;
		case 'b': out += '\b'; return true;
		case 'f': out += '\f'; return true;
		case 'n': out += '\n'; return true;
		case 'r': out += '\r'; return true;
		case 't': out += '\t'; return true;
		case 'u': {
			unsigned cp = 0;
			if(!hex4(cp)) return false;
			if(cp >= 0xD800 && cp < 0xDC00 && m_text.substr(m_pos, 2) == "\\u") {
				m_pos += 2;
				unsigned low = 0;
				if(!hex4(low)) return false;
				if(low >= 0xDC00 && low < 0xE000) {
					cp = 0x10000 + ((cp - 0xD800) << 10) + (low - 0xDC00);
				} else {
					filter::append_utf8(out, 0xFFFD);
					cp = low;
				}
			} else if(cp >= 0xD800 && cp < 0xE000) {
				cp = 0xFFFD;
			}
			filter::append_utf8(out, cp);
			return true;
		}
		default:
			m_pos--;
			return fail("invalid escape in a string");
		}
	}

	bool string(std::string& out) {
		m_pos++;  // the opening quote
		for(;;) {
			const size_t run = m_pos;
			while(m_pos < m_text.size() && m_text[m_pos] != '"' && m_text[m_pos] != '\\' &&
			      static_cast<unsigned char>(m_text[m_pos]) >= 0x20) {
				m_pos++;
			}
			out.append(m_text.data() + run, m_pos - run);
			if(m_pos >= m_text.size()) return fail("unexpected end of input inside a string (truncated JSON?)");
			const char c = m_text[m_pos];
			if(c == '"') {
				m_pos++;
				return true;
			}
			if(c != '\\') return fail("control character inside a string");
			m_pos++;
			if(!escape(out)) return false;
		}
	}

	bool expect(char c, const char* message) {
		m_pos = skip_json_space(m_text, m_pos);
		if(m_pos >= m_text.size()) return fail("unexpected end of input (truncated JSON?)");
		if(m_text[m_pos] != c) return fail(message);
		m_pos++;
		return true;
	}

	bool array(json_node& out, int depth) {
		out.kind = json_node::ARRAY;
		m_pos++;
		m_pos = skip_json_space(m_text, m_pos);
		if(m_pos < m_text.size() && m_text[m_pos] == ']') {
			m_pos++;
			return true;
		}
		for(;;) {
			out.items.emplace_back();
			if(!value(out.items.back(), depth + 1)) return false;
			m_pos = skip_json_space(m_text, m_pos);
			if(m_pos >= m_text.size()) return fail("unexpected end of input (truncated JSON?)");
			if(m_text[m_pos] == ']') {
				m_pos++;
				return true;
			}
			if(m_text[m_pos] != ',') return fail("expected ',' or ']' in an array");
			m_pos++;
		}
	}

	bool object(json_node& out, int depth) {
		out.kind = json_node::OBJECT;
		m_pos++;
		m_pos = skip_json_space(m_text, m_pos);
		if(m_pos < m_text.size() && m_text[m_pos] == '}') {
			m_pos++;
			return true;
		}
		for(;;) {
			m_pos = skip_json_space(m_text, m_pos);
			if(m_pos >= m_text.size()) return fail("unexpected end of input (truncated JSON?)");
			if(m_text[m_pos] != '"') return fail("expected a member name (a string) in an object");
			out.members.emplace_back();
			if(!string(out.members.back().first)) return false;
			if(!expect(':', "expected ':' after a member name")) return false;
			if(!value(out.members.back().second, depth + 1)) return false;
			m_pos = skip_json_space(m_text, m_pos);
			if(m_pos >= m_text.size()) return fail("unexpected end of input (truncated JSON?)");
			if(m_text[m_pos] == '}') {
				m_pos++;
				return true;
			}
			if(m_text[m_pos] != ',') return fail("expected ',' or '}' in an object");
			m_pos++;
		}
	}
};

bool needs_escape(std::string_view s) {
	for(char c : s) {
		if(c == '"' || c == '\\' || static_cast<unsigned char>(c) < 0x20) return true;
	}
	return false;
}

// Go's strconv.Quote for the characters JSON documents hold: named escapes for the usual
// controls, \xNN for the others and DEL; UTF-8 text is kept as it is.
void append_quoted(std::string_view s, std::string& out) {
	out += '"';
	if(!needs_escape(s)) {
		out.append(s.data(), s.size());
		out += '"';
		return;
	}
	static const char k_hex[] = "0123456789abcdef";
	for(char c : s) {
		const auto u = static_cast<unsigned char>(c);
		switch(c) {
		case '"': out += "\\\""; break;
		case '\\': out += "\\\\"; break;
		case '\a': out += "\\a"; break;
		case '\b': out += "\\b"; break;
		case '\f': out += "\\f"; break;
		case '\n': out += "\\n"; break;
		case '\r': out += "\\r"; break;
		case '\t': out += "\\t"; break;
		case '\v': out += "\\v"; break;
		default:
			if(u < 0x20 || u == 0x7f) {
				out += "\\x";
				out += k_hex[u >> 4];
				out += k_hex[u & 0xF];
			} else {
				out += c;
			}
		}
	}
	out += '"';
}

}  // namespace

const json_node* json_node::get(std::string_view key) const {
	if(kind != OBJECT) return nullptr;
	for(const auto& [name, value] : members) {
		if(name == key) return &value;
	}
	return nullptr;
}

const json_node* json_node::path(std::initializer_list<std::string_view> keys) const {
	const json_node* node = this;
	for(std::string_view key : keys) {
		node = node->get(key);
		if(node == nullptr) return nullptr;
	}
	return node;
}

size_t skip_json_space(std::string_view text, size_t pos) {
	while(pos < text.size()) {
		const char c = text[pos];
		if(c != ' ' && c != '\t' && c != '\n' && c != '\r') break;
		pos++;
	}
	return pos;
}

bool parse_value_at(std::string_view text, size_t& pos, json_node& out, json_error& error) {
	parser p(text, pos);
	if(!p.value(out, 0)) {
		error = p.error();
		return false;
	}
	pos = p.pos();
	return true;
}

void append_compact(const json_node& node, std::string& out) {
	switch(node.kind) {
	case json_node::NUL: out += "null"; break;
	case json_node::BOOLEAN: out += node.boolean ? "true" : "false"; break;
	case json_node::NUMBER: out.append(node.raw.data(), node.raw.size()); break;
	case json_node::STRING: append_quoted(node.str, out); break;
	case json_node::ARRAY:
		out += '[';
		for(size_t i = 0; i < node.items.size(); i++) {
			if(i > 0) out += ',';
			append_compact(node.items[i], out);
		}
		out += ']';
		break;
	case json_node::OBJECT:
		out += '{';
		for(size_t i = 0; i < node.members.size(); i++) {
			if(i > 0) out += ',';
			append_quoted(node.members[i].first, out);
			out += ':';
			append_compact(node.members[i].second, out);
		}
		out += '}';
		break;
	}
}

void append_as_text(const json_node& node, std::string& out) {
	if(node.kind == json_node::STRING) {
		out += node.str;
	} else {
		append_compact(node, out);
	}
}

}  // namespace studio::sources::k8s_audit
