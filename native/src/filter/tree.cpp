// Evaluation tree nodes and their builder (see tree.h). Nested and/or nodes of the same kind
// are flattened so evaluation walks one child vector per level.
#include "filter/tree.h"

namespace studio::filter {

namespace {

class and_node final : public filter_node {
public:
	std::vector<std::unique_ptr<filter_node>> m_children;
	bool eval(const state::event_context& ctx) override {
		for(auto& child : m_children) {
			if(!child->eval(ctx)) return false;
		}
		return true;
	}
};

class or_node final : public filter_node {
public:
	std::vector<std::unique_ptr<filter_node>> m_children;
	bool eval(const state::event_context& ctx) override {
		for(auto& child : m_children) {
			if(child->eval(ctx)) return true;
		}
		return false;
	}
};

class not_node final : public filter_node {
public:
	std::unique_ptr<filter_node> m_child;
	bool eval(const state::event_context& ctx) override { return !m_child->eval(ctx); }
};

class check_node final : public filter_node {
public:
	compare_check m_check;
	bool eval(const state::event_context& ctx) override { return m_check.eval(ctx); }
};

// Appends the built children of `node` to `out`, flattening children of the same kind.
bool build_children(const condition_node& node, condition_node::kind_t kind,
                    std::vector<std::unique_ptr<filter_node>>& out, build_error& error, int depth, operand_cache* cache);

std::unique_ptr<filter_node> build(const condition_node& node, build_error& error, int depth, operand_cache* cache) {
	if(depth > 1000) {
		error.message = "condition nests too deeply";
		error.pos = node.pos;
		return nullptr;
	}
	switch(node.kind) {
	case condition_node::AND: {
		auto result = std::make_unique<and_node>();
		if(!build_children(node, condition_node::AND, result->m_children, error, depth, cache)) return nullptr;
		if(result->m_children.size() == 1) return std::move(result->m_children[0]);
		return result;
	}
	case condition_node::OR: {
		auto result = std::make_unique<or_node>();
		if(!build_children(node, condition_node::OR, result->m_children, error, depth, cache)) return nullptr;
		if(result->m_children.size() == 1) return std::move(result->m_children[0]);
		return result;
	}
	case condition_node::NOT: {
		if(node.children.size() != 1) {
			error.message = "'not' needs exactly one operand";
			error.pos = node.pos;
			return nullptr;
		}
		auto result = std::make_unique<not_node>();
		result->m_child = build(node.children[0], error, depth + 1, cache);
		if(!result->m_child) return nullptr;
		return result;
	}
	case condition_node::CHECK: {
		auto result = std::make_unique<check_node>();
		if(!result->m_check.build(node, error.message, cache)) {
			error.pos = node.pos;
			return nullptr;
		}
		return result;
	}
	}
	return nullptr;
}

bool build_children(const condition_node& node, condition_node::kind_t kind,
                    std::vector<std::unique_ptr<filter_node>>& out, build_error& error, int depth, operand_cache* cache) {
	if(node.children.empty()) {
		error.message = "empty and/or node";
		error.pos = node.pos;
		return false;
	}
	for(const condition_node& child : node.children) {
		if(child.kind == kind) {
			if(!build_children(child, kind, out, error, depth + 1, cache)) return false;
			continue;
		}
		std::unique_ptr<filter_node> built = build(child, error, depth + 1, cache);
		if(!built) return false;
		out.push_back(std::move(built));
	}
	return true;
}

}  // namespace

std::unique_ptr<filter_node> build_filter(const condition_node& root, build_error& error, operand_cache* cache) {
	return build(root, error, 0, cache);
}

}  // namespace studio::filter
