// RE2-style full-match regular expressions (see regex.h): a recursive-descent parser builds a
// small syntax tree (depth limited), an emitter turns it into a Pike VM program, and the VM
// runs the program over the value with two thread lists.
#include "filter/regex.h"

#include <cctype>
#include <memory>

namespace studio::filter {

namespace {

constexpr size_t k_max_program = 20000;
constexpr int k_max_repeat = 1000;
constexpr int k_max_depth = 1000;

struct node {
	enum kind_t { SET, CAT, ALT, REPEAT, EMPTY, BEGIN, END, WORD_B, NOT_WORD_B } kind = EMPTY;
	std::bitset<256> set;
	std::vector<std::unique_ptr<node>> kids;
	int min = 0;
	int max = -1;  // -1 = unbounded
};

using node_ptr = std::unique_ptr<node>;

bool is_word(unsigned char c) { return std::isalnum(c) || c == '_'; }

class parser {
public:
	parser(std::string_view pattern): m_p(pattern) {}

	node_ptr parse(std::string& error) {
		node_ptr result = parse_alt(0);
		if(m_error.empty() && m_pos < m_p.size()) {
			// Only an unmatched ')' can stop the top level early.
			m_error = "unexpected ): " + std::string(m_p);
		}
		error = m_error;
		return m_error.empty() ? std::move(result) : nullptr;
	}

private:
	std::string_view m_p;
	size_t m_pos = 0;
	bool m_fold = false;
	bool m_dot_nl = false;
	std::string m_error;

	node_ptr fail(const std::string& message) {
		if(m_error.empty()) m_error = message;
		return nullptr;
	}

	node_ptr parse_alt(int depth) {
		if(depth > k_max_depth) return fail("expression nests too deeply");
		auto alt = std::make_unique<node>();
		alt->kind = node::ALT;
		alt->kids.push_back(parse_cat(depth));
		while(m_error.empty() && m_pos < m_p.size() && m_p[m_pos] == '|') {
			m_pos++;
			alt->kids.push_back(parse_cat(depth));
		}
		if(!m_error.empty()) return nullptr;
		if(alt->kids.size() == 1) return std::move(alt->kids[0]);
		return alt;
	}

	node_ptr parse_cat(int depth) {
		auto cat = std::make_unique<node>();
		cat->kind = node::CAT;
		while(m_error.empty() && m_pos < m_p.size() && m_p[m_pos] != '|' && m_p[m_pos] != ')') {
			node_ptr atom = parse_atom(depth);
			if(!atom) {
				if(m_error.empty()) continue;  // a flag group such as (?i) produced nothing
				return nullptr;
			}
			atom = parse_quantifiers(std::move(atom));
			if(!atom) return nullptr;
			cat->kids.push_back(std::move(atom));
		}
		return cat;
	}

	node_ptr parse_quantifiers(node_ptr atom) {
		while(m_pos < m_p.size()) {
			char c = m_p[m_pos];
			int min = 0;
			int max = -1;
			if(c == '*') {
				m_pos++;
			} else if(c == '+') {
				min = 1;
				m_pos++;
			} else if(c == '?') {
				max = 1;
				m_pos++;
			} else if(c == '{') {
				size_t save = m_pos;
				if(!parse_counts(min, max)) {
					m_pos = save;
					return atom;  // a literal '{' follows; the next atom reads it
				}
				if(min > k_max_repeat || max > k_max_repeat)
					return fail("bad repetition operator: " + std::string(m_p.substr(save, m_pos - save)));
			} else {
				return atom;
			}
			if(atom->kind == node::REPEAT && m_p[m_pos - 1] != '}')
				return fail("bad repetition operator: " + std::string(m_p.substr(m_pos - 2, 2)));
			if(m_pos < m_p.size() && m_p[m_pos] == '?') m_pos++;  // lazy: same full-match result
			auto rep = std::make_unique<node>();
			rep->kind = node::REPEAT;
			rep->min = min;
			rep->max = max;
			rep->kids.push_back(std::move(atom));
			atom = std::move(rep);
		}
		return atom;
	}

	bool parse_number(int& out) {
		size_t start = m_pos;
		long value = 0;
		while(m_pos < m_p.size() && std::isdigit(static_cast<unsigned char>(m_p[m_pos]))) {
			value = value * 10 + (m_p[m_pos] - '0');
			if(value > 100000) value = 100000;
			m_pos++;
		}
		out = static_cast<int>(value);
		return m_pos > start;
	}

	bool parse_counts(int& min, int& max) {
		m_pos++;  // '{'
		if(!parse_number(min)) return false;
		max = min;
		if(m_pos < m_p.size() && m_p[m_pos] == ',') {
			m_pos++;
			max = -1;
			if(m_pos < m_p.size() && m_p[m_pos] != '}' && !parse_number(max)) return false;
		}
		if(m_pos >= m_p.size() || m_p[m_pos] != '}') return false;
		m_pos++;
		return max == -1 || max >= min;
	}

	node_ptr make_set(const std::bitset<256>& set) {
		auto n = std::make_unique<node>();
		n->kind = node::SET;
		n->set = set;
		if(m_fold) {
			for(int c = 'a'; c <= 'z'; c++) {
				if(n->set[c] || n->set[c - 32]) {
					n->set[c] = true;
					n->set[c - 32] = true;
				}
			}
		}
		return n;
	}

	node_ptr make_kind(node::kind_t kind) {
		auto n = std::make_unique<node>();
		n->kind = kind;
		return n;
	}

	node_ptr parse_group(int depth) {
		m_pos++;  // '('
		bool saved_fold = m_fold;
		bool saved_dot = m_dot_nl;
		if(m_pos < m_p.size() && m_p[m_pos] == '?') {
			m_pos++;
			if(m_pos < m_p.size() && m_p[m_pos] == 'P') {
				size_t close = m_p.find('>', m_pos);
				if(m_pos + 1 >= m_p.size() || m_p[m_pos + 1] != '<' || close == std::string_view::npos)
					return fail("invalid named capture group: " + std::string(m_p));
				m_pos = close + 1;
			} else {
				bool value = true;
				while(m_pos < m_p.size() && m_p[m_pos] != ':' && m_p[m_pos] != ')') {
					char f = m_p[m_pos++];
					if(f == '-') value = false;
					else if(f == 'i') m_fold = value;
					else if(f == 's') m_dot_nl = value;
					else if(f == 'm' || f == 'U') continue;
					else return fail("invalid or unsupported Perl syntax: (?" + std::string(1, f));
				}
				if(m_pos >= m_p.size()) return fail("missing ): " + std::string(m_p));
				if(m_p[m_pos] == ')') {
					m_pos++;
					return nullptr;  // flags apply to the rest of the enclosing group
				}
				m_pos++;  // ':'
			}
		}
		node_ptr inner = parse_alt(depth + 1);
		if(!m_error.empty()) return nullptr;
		if(m_pos >= m_p.size() || m_p[m_pos] != ')') return fail("missing ): " + std::string(m_p));
		m_pos++;
		m_fold = saved_fold;
		m_dot_nl = saved_dot;
		return inner;
	}

	// Reads an escape after '\'. Sets `set` for classes and single characters alike.
	bool parse_escape(std::bitset<256>& set, node::kind_t& assertion) {
		assertion = node::SET;
		if(m_pos >= m_p.size()) {
			fail("trailing \\");
			return false;
		}
		char c = m_p[m_pos++];
		auto add_class = [&](auto predicate, bool negate) {
			for(int i = 0; i < 256; i++) {
				if(static_cast<bool>(predicate(static_cast<unsigned char>(i))) != negate) set[i] = true;
			}
		};
		switch(c) {
		case 'd': add_class([](unsigned char x) { return std::isdigit(x); }, false); return true;
		case 'D': add_class([](unsigned char x) { return std::isdigit(x); }, true); return true;
		case 'w': add_class(is_word, false); return true;
		case 'W': add_class(is_word, true); return true;
		case 's': add_class([](unsigned char x) { return x == ' ' || (x >= 9 && x <= 13 && x != 11); }, false); return true;
		case 'S': add_class([](unsigned char x) { return x == ' ' || (x >= 9 && x <= 13 && x != 11); }, true); return true;
		case 'n': set['\n'] = true; return true;
		case 't': set['\t'] = true; return true;
		case 'r': set['\r'] = true; return true;
		case 'f': set['\f'] = true; return true;
		case 'v': set['\v'] = true; return true;
		case 'a': set['\a'] = true; return true;
		case 'A': assertion = node::BEGIN; return true;
		case 'z': assertion = node::END; return true;
		case 'b': assertion = node::WORD_B; return true;
		case 'B': assertion = node::NOT_WORD_B; return true;
		case 'x': {
			int value = 0;
			int digits = 0;
			bool braces = m_pos < m_p.size() && m_p[m_pos] == '{';
			if(braces) m_pos++;
			while(m_pos < m_p.size() && std::isxdigit(static_cast<unsigned char>(m_p[m_pos])) &&
			      (braces || digits < 2)) {
				char h = static_cast<char>(std::tolower(static_cast<unsigned char>(m_p[m_pos++])));
				value = value * 16 + (h <= '9' ? h - '0' : h - 'a' + 10);
				digits++;
			}
			if(braces) {
				if(m_pos >= m_p.size() || m_p[m_pos] != '}') {
					fail("invalid escape sequence: \\x");
					return false;
				}
				m_pos++;
			}
			if(digits == 0 || (!braces && digits != 2) || value > 255) {
				fail("invalid escape sequence: \\x");
				return false;
			}
			set[value] = true;
			return true;
		}
		default:
			if(std::isalnum(static_cast<unsigned char>(c))) {
				fail("invalid escape sequence: \\" + std::string(1, c));
				return false;
			}
			set[static_cast<unsigned char>(c)] = true;
			return true;
		}
	}

	node_ptr parse_class() {
		size_t start = m_pos;
		m_pos++;  // '['
		bool negate = false;
		if(m_pos < m_p.size() && m_p[m_pos] == '^') {
			negate = true;
			m_pos++;
		}
		std::bitset<256> set;
		bool first = true;
		while(true) {
			if(m_pos >= m_p.size()) return fail("missing ]: " + std::string(m_p.substr(start)));
			char c = m_p[m_pos];
			if(c == ']' && !first) break;
			first = false;
			if(c == '[' && m_p.substr(m_pos, 2) == "[:") {
				size_t end = m_p.find(":]", m_pos + 2);
				if(end != std::string_view::npos) {
					std::string_view name = m_p.substr(m_pos + 2, end - m_pos - 2);
					if(!add_posix_class(name, set)) return fail("invalid character class range: " + std::string(m_p.substr(m_pos, end + 2 - m_pos)));
					m_pos = end + 2;
					continue;
				}
			}
			std::bitset<256> single;
			m_pos++;
			if(c == '\\') {
				node::kind_t assertion;
				if(!parse_escape(single, assertion)) return nullptr;
			} else {
				single[static_cast<unsigned char>(c)] = true;
			}
			if(single.count() == 1 && m_pos + 1 < m_p.size() && m_p[m_pos] == '-' && m_p[m_pos + 1] != ']') {
				int lo = 0;
				while(!single[lo]) lo++;
				m_pos++;
				char h = m_p[m_pos++];
				std::bitset<256> hi_set;
				if(h == '\\') {
					node::kind_t assertion;
					if(!parse_escape(hi_set, assertion)) return nullptr;
				} else {
					hi_set[static_cast<unsigned char>(h)] = true;
				}
				int hi = 255;
				while(hi > 0 && !hi_set[hi]) hi--;
				if(hi_set.count() != 1 || hi < lo) return fail("invalid character class range: " + std::string(m_p.substr(start, m_pos - start)));
				for(int i = lo; i <= hi; i++) single[i] = true;
			}
			set |= single;
		}
		m_pos++;  // ']'
		node_ptr n = make_set(set);
		if(negate) n->set.flip();
		return n;
	}

	static bool add_posix_class(std::string_view name, std::bitset<256>& set) {
		int (*predicate)(int) = nullptr;
		if(name == "alpha") predicate = std::isalpha;
		else if(name == "digit") predicate = std::isdigit;
		else if(name == "alnum") predicate = std::isalnum;
		else if(name == "upper") predicate = std::isupper;
		else if(name == "lower") predicate = std::islower;
		else if(name == "space") predicate = std::isspace;
		else if(name == "punct") predicate = std::ispunct;
		else if(name == "xdigit") predicate = std::isxdigit;
		else if(name == "print") predicate = std::isprint;
		else if(name == "graph") predicate = std::isgraph;
		else if(name == "cntrl") predicate = std::iscntrl;
		else if(name == "blank") predicate = std::isblank;
		if(predicate == nullptr) return false;
		for(int i = 0; i < 128; i++) {
			if(predicate(i)) set[i] = true;
		}
		return true;
	}

	node_ptr parse_atom(int depth) {
		char c = m_p[m_pos];
		switch(c) {
		case '(': return parse_group(depth);
		case '[': return parse_class();
		case '*':
		case '+':
		case '?': return fail("missing argument to repetition operator: " + std::string(1, c));
		case '.': {
			m_pos++;
			std::bitset<256> set;
			set.set();
			if(!m_dot_nl) set['\n'] = false;
			return make_set(set);
		}
		case '^': m_pos++; return make_kind(node::BEGIN);
		case '$': m_pos++; return make_kind(node::END);
		case '\\': {
			m_pos++;
			std::bitset<256> set;
			node::kind_t assertion;
			if(!parse_escape(set, assertion)) return nullptr;
			if(assertion != node::SET) return make_kind(assertion);
			return make_set(set);
		}
		default: {
			m_pos++;
			std::bitset<256> set;
			set[static_cast<unsigned char>(c)] = true;
			return make_set(set);
		}
		}
	}
};

class emitter {
public:
	emitter(std::vector<regex::instruction>& program, std::vector<std::bitset<256>>& sets):
	        m_program(program), m_sets(sets) {}

	bool emit(const node& n) {
		if(m_program.size() > k_max_program) return false;
		switch(n.kind) {
		case node::SET:
			m_sets.push_back(n.set);
			push({regex::instruction::CHAR, 0, 0, static_cast<uint32_t>(m_sets.size() - 1)});
			return true;
		case node::CAT:
			for(const auto& kid : n.kids) {
				if(!emit(*kid)) return false;
			}
			return true;
		case node::ALT: {
			std::vector<size_t> jumps;
			for(size_t i = 0; i < n.kids.size(); i++) {
				size_t split = m_program.size();
				bool last = i + 1 == n.kids.size();
				if(!last) push({regex::instruction::SPLIT, static_cast<uint32_t>(split + 1), 0, 0});
				if(!emit(*n.kids[i])) return false;
				if(!last) {
					jumps.push_back(m_program.size());
					push({regex::instruction::JMP, 0, 0, 0});
					m_program[split].y = static_cast<uint32_t>(m_program.size());
				}
			}
			for(size_t jump : jumps) m_program[jump].x = static_cast<uint32_t>(m_program.size());
			return true;
		}
		case node::REPEAT: return emit_repeat(n);
		case node::EMPTY: return true;
		case node::BEGIN: push({regex::instruction::BEGIN, 0, 0, 0}); return true;
		case node::END: push({regex::instruction::END, 0, 0, 0}); return true;
		case node::WORD_B: push({regex::instruction::WORD_B, 0, 0, 0}); return true;
		case node::NOT_WORD_B: push({regex::instruction::NOT_WORD_B, 0, 0, 0}); return true;
		}
		return false;
	}

private:
	std::vector<regex::instruction>& m_program;
	std::vector<std::bitset<256>>& m_sets;

	void push(regex::instruction instruction) { m_program.push_back(instruction); }

	bool emit_repeat(const node& n) {
		const node& body = *n.kids[0];
		for(int i = 0; i < n.min; i++) {
			if(!emit(body)) return false;
		}
		if(n.max == -1) {
			// L: SPLIT body, out; body; JMP L
			size_t split = m_program.size();
			push({regex::instruction::SPLIT, static_cast<uint32_t>(split + 1), 0, 0});
			if(!emit(body)) return false;
			push({regex::instruction::JMP, static_cast<uint32_t>(split), 0, 0});
			m_program[split].y = static_cast<uint32_t>(m_program.size());
			return true;
		}
		std::vector<size_t> splits;
		for(int i = n.min; i < n.max; i++) {
			splits.push_back(m_program.size());
			push({regex::instruction::SPLIT, static_cast<uint32_t>(m_program.size() + 1), 0, 0});
			if(!emit(body)) return false;
		}
		for(size_t split : splits) m_program[split].y = static_cast<uint32_t>(m_program.size());
		return true;
	}
};

}  // namespace

bool regex::compile(std::string_view pattern, std::string& error) {
	m_program.clear();
	m_sets.clear();
	parser p(pattern);
	node_ptr tree = p.parse(error);
	if(!tree) return false;
	emitter e(m_program, m_sets);
	if(!e.emit(*tree) || m_program.size() > k_max_program) {
		error = "pattern too large - compile failed";
		m_program.clear();
		return false;
	}
	m_program.push_back({instruction::MATCH, 0, 0, 0});
	return true;
}

bool regex::full_match(std::string_view value) const {
	const size_t n_program = m_program.size();
	if(n_program == 0) return false;
	// Scratch: two sparse sets (dense + sparse arrays each) and an explicit stack; every pc
	// enters a list once and pushes at most two successors, so the stack needs 2n + 1 slots.
	m_scratch.resize(n_program * 6 + 1);
	uint32_t* dense[2] = {m_scratch.data(), m_scratch.data() + n_program};
	uint32_t* sparse[2] = {m_scratch.data() + 2 * n_program, m_scratch.data() + 3 * n_program};
	uint32_t* stack = m_scratch.data() + 4 * n_program;
	size_t count[2] = {0, 0};

	auto contains = [&](int list, uint32_t pc) {
		uint32_t idx = sparse[list][pc];
		return idx < count[list] && dense[list][idx] == pc;
	};
	auto add = [&](int list, uint32_t start_pc, size_t pos) {
		size_t top = 0;
		stack[top++] = start_pc;
		while(top > 0) {
			uint32_t pc = stack[--top];
			if(contains(list, pc)) continue;
			sparse[list][pc] = static_cast<uint32_t>(count[list]);
			dense[list][count[list]++] = pc;
			const instruction& ins = m_program[pc];
			switch(ins.kind) {
			case instruction::JMP: stack[top++] = ins.x; break;
			case instruction::SPLIT:
				stack[top++] = ins.y;
				stack[top++] = ins.x;
				break;
			case instruction::BEGIN:
				if(pos == 0) stack[top++] = pc + 1;
				break;
			case instruction::END:
				if(pos == value.size()) stack[top++] = pc + 1;
				break;
			case instruction::WORD_B:
			case instruction::NOT_WORD_B: {
				bool before = pos > 0 && is_word(static_cast<unsigned char>(value[pos - 1]));
				bool after = pos < value.size() && is_word(static_cast<unsigned char>(value[pos]));
				if((before != after) == (ins.kind == instruction::WORD_B)) stack[top++] = pc + 1;
				break;
			}
			default: break;
			}
		}
	};

	int cur = 0;
	add(cur, 0, 0);
	for(size_t pos = 0; pos < value.size(); pos++) {
		int next = 1 - cur;
		count[next] = 0;
		unsigned char c = static_cast<unsigned char>(value[pos]);
		for(size_t i = 0; i < count[cur]; i++) {
			const instruction& ins = m_program[dense[cur][i]];
			if(ins.kind == instruction::CHAR && m_sets[ins.set][c]) add(next, dense[cur][i] + 1, pos + 1);
		}
		cur = next;
		if(count[cur] == 0) return false;
	}
	for(size_t i = 0; i < count[cur]; i++) {
		if(m_program[dense[cur][i]].kind == instruction::MATCH) return true;
	}
	return false;
}

}  // namespace studio::filter
