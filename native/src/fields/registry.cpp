// The extractor registry: merges the field-class tables, answers registry() (sorted by name)
// and builds extractors. Argument parsing: "name[arg]" arrives split by the caller; the legacy
// "evt.arg.NAME" spelling is turned into evt.arg with a key argument; "evt.rawarg.NAME" builds
// the typed raw-parameter extractor of rawarg_field.cpp.
#include <algorithm>
#include <cstring>
#include <map>

#include "fields/field_table.h"
#include "fields/k8s_audit_fields.h"

namespace studio::fields {

namespace {

class table_extractor : public extractor {
public:
	table_extractor(const field_def& def, field_args args)
	    : extractor(def.info.name, args.text, def.info.type, def.info.is_list), m_fn(def.fn), m_args(std::move(args)) {}

	bool extract(const state::event_context& ctx, std::vector<field_value>& out) override {
		out.clear();
		m_scratch.strs.clear();
		if(ctx.evt == nullptr) return false;
		return m_fn(ctx, m_args, m_scratch, out);
	}

private:
	extract_fn m_fn;
	field_args m_args;
	scratch m_scratch;
};

struct registry_data {
	std::map<std::string, const field_def*> by_name;
	std::vector<field_info> infos;
	registry_data() {
		for(field_class c : {evt_field_class(), proc_field_class(), fd_field_class(), user_field_class(), fs_field_class()}) {
			for(size_t i = 0; i < c.count; i++) by_name[c.defs[i].info.name] = &c.defs[i];
		}
		for(const auto& [name, def] : by_name) infos.push_back(def->info);
		infos.push_back(rawarg_field_info());
		for(const field_info& info : k8s_audit_field_infos()) infos.push_back(info);
		std::sort(infos.begin(), infos.end(),
		          [](const field_info& a, const field_info& b) { return std::strcmp(a.name, b.name) < 0; });
	}
};

const registry_data& data() {
	static const registry_data d;
	return d;
}

}  // namespace

const std::vector<field_info>& registry() {
	return data().infos;
}

std::unique_ptr<extractor> create_extractor(const std::string& name, const std::string& arg, bool has_arg,
                                            std::string& error) {
	std::string field = name;
	field_args args;
	args.has = has_arg;
	args.text = arg;
	if(is_k8s_audit_field(field)) return create_k8s_audit_extractor(field, arg, has_arg, error);
	if(!has_arg && field.rfind("evt.rawarg.", 0) == 0 && field.size() > 11) {
		return create_rawarg_extractor(field.substr(11), error);
	}
	if(!has_arg && field.rfind("evt.arg.", 0) == 0 && field.size() > 8) {
		args.has = true;
		args.text = field.substr(8);
		field = "evt.arg";
	}
	auto it = data().by_name.find(field);
	if(it == data().by_name.end()) {
		error = "unknown field '" + name + "'";
		return nullptr;
	}
	const field_info& info = it->second->info;
	if(args.has) {
		char* end = nullptr;
		long long v = std::strtoll(args.text.c_str(), &end, 10);
		bool numeric = !args.text.empty() && end != nullptr && *end == '\0';
		if(numeric) args.index = v;
		if(info.arg == arg_kind::none) {
			error = "field '" + field + "' does not take an argument";
			return nullptr;
		}
		if(info.arg == arg_kind::index && (!numeric || v < 0)) {
			error = "field '" + field + "' needs a non-negative numeric argument, got '" + args.text + "'";
			return nullptr;
		}
	} else if(info.arg_required) {
		error = "field '" + field + "' requires an argument";
		return nullptr;
	}
	auto built = std::make_unique<table_extractor>(*it->second, std::move(args));
	// evt.source also answers for audit events (k8s_audit_fields.h).
	if(field == "evt.source") return make_source_aware(std::move(built));
	return built;
}

}  // namespace studio::fields
