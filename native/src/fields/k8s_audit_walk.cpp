// The JSON walking helpers of the k8s_audit extractors (see k8s_audit_table.h).
#include "fields/k8s_audit_table.h"

namespace studio::fields::k8s_audit_table {

std::string as_text(const node& n) {
	std::string s;
	sources::k8s_audit::append_as_text(n, s);
	return s;
}

bool text_at(const node& evt, std::initializer_list<std::string_view> keys, texts& out) {
	const node* n = evt.path(keys);
	if(n == nullptr) return false;
	out.push_back(as_text(*n));
	return true;
}

bool list_at(const node& evt, std::initializer_list<std::string_view> keys, texts& out) {
	const node* n = evt.path(keys);
	if(n == nullptr || n->kind != node::ARRAY) return false;
	for(const node& item : n->items) out.push_back(as_text(item));
	return true;
}

// The plugin's getValuesRecursive: follows `keys`, fanning out over every element of each
// array met (null where an element lacks the rest of the path), or taking only element
// `index` when one is given. False when the path is absent.
bool walk(const node* v, int64_t index, const std::vector<std::string_view>& keys, size_t from,
          std::vector<const node*>& res) {
	for(size_t i = from; i < keys.size(); i++) {
		if(v->kind == node::ARRAY) {
			if(index < 0) {
				for(const node& item : v->items) {
					if(!walk(&item, index, keys, i, res)) res.push_back(nullptr);
				}
				return true;
			}
			if(static_cast<uint64_t>(index) >= v->items.size()) return false;
			v = &v->items[static_cast<size_t>(index)];
		}
		if(!keys[i].empty()) v = v->get(keys[i]);
		if(v == nullptr) return false;
	}
	res.push_back(v);
	return true;
}

bool walk_skip_missing(const node& evt, int64_t index, const std::vector<std::string_view>& keys, texts& out) {
	std::vector<const node*> res;
	if(!walk(&evt, index, keys, 0, res)) return false;
	for(const node* n : res) {
		if(n != nullptr) out.push_back(as_text(*n));
	}
	return true;
}

bool walk_all(const node& evt, int64_t index, const std::vector<std::string_view>& keys, texts& out) {
	std::vector<const node*> res;
	if(!walk(&evt, index, keys, 0, res)) return false;
	for(const node* n : res) {
		if(n == nullptr) return false;
		out.push_back(as_text(*n));
	}
	return true;
}

// The plugin code we follow returns such an array as one JSON text; the catalog declares these
// fields as lists with an index, so each element is one value here.
bool array_elements(const node& e, const audit_args& a, std::initializer_list<std::string_view> keys, texts& out) {
	const node* n = e.path(keys);
	if(n == nullptr || n->kind != node::ARRAY) return false;
	if(a.index >= 0) {
		if(static_cast<uint64_t>(a.index) >= n->items.size()) return false;
		out.push_back(as_text(n->items[static_cast<size_t>(a.index)]));
		return true;
	}
	for(const node& item : n->items) out.push_back(as_text(item));
	return true;
}

}  // namespace studio::fields::k8s_audit_table
