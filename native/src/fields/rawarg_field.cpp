// evt.rawarg.NAME: one event parameter by name with its raw schema type, so numeric
// parameters compare as numbers (evt.rawarg.res < 0, evt.rawarg.size > 0). The field type is
// fixed when the filter is built, from the first event-table parameter of that name (what
// libsinsp does); per event, the parameter position is looked up once per event type and
// cached. It does not format values by flag name or fd (evt.arg does that).
#include <cstring>

#include "fields/field_table.h"
#include "reader/params.h"
#include "schema/event_table.h"

namespace studio::fields {

namespace {

using schema::param_type;

/** The field type for a parameter type; BYTEBUF for anything without a scalar meaning. */
field_type type_for(param_type t) {
	switch(t) {
	case param_type::PT_INT8: return field_type::INT8;
	case param_type::PT_INT16: return field_type::INT16;
	case param_type::PT_INT32: return field_type::INT32;
	case param_type::PT_INT64: return field_type::INT64;
	case param_type::PT_UINT8: return field_type::UINT8;
	case param_type::PT_UINT16: return field_type::UINT16;
	case param_type::PT_UINT32: return field_type::UINT32;
	case param_type::PT_UINT64: return field_type::UINT64;
	case param_type::PT_ERRNO: return field_type::ERRNO;
	case param_type::PT_FD:
	case param_type::PT_FD32: return field_type::FD;
	case param_type::PT_PID:
	case param_type::PT_PID32: return field_type::PID;
	case param_type::PT_FLAGS8:
	case param_type::PT_ENUMFLAGS8: return field_type::FLAGS8;
	case param_type::PT_FLAGS16:
	case param_type::PT_ENUMFLAGS16: return field_type::FLAGS16;
	case param_type::PT_FLAGS32:
	case param_type::PT_ENUMFLAGS32: return field_type::FLAGS32;
	case param_type::PT_UID: return field_type::UID;
	case param_type::PT_GID: return field_type::GID;
	case param_type::PT_MODE: return field_type::MODE;
	case param_type::PT_SYSCALLID: return field_type::SYSCALLID;
	case param_type::PT_SIGTYPE: return field_type::SIGTYPE;
	case param_type::PT_RELTIME: return field_type::RELTIME;
	case param_type::PT_ABSTIME: return field_type::ABSTIME;
	case param_type::PT_PORT: return field_type::PORT;
	case param_type::PT_L4PROTO: return field_type::L4PROTO;
	case param_type::PT_SOCKFAMILY: return field_type::SOCKFAMILY;
	case param_type::PT_BOOL: return field_type::BOOL;
	case param_type::PT_CHARBUF:
	case param_type::PT_FSPATH:
	case param_type::PT_FSRELPATH: return field_type::CHARBUF;
	default: return field_type::BYTEBUF;
	}
}

/** Position of `name` in the params of `info`, or -1. */
int find_param(const schema::event_info* info, const char* name) {
	if(info == nullptr) return -1;
	for(uint16_t i = 0; i < info->nparams; i++) {
		if(std::strcmp(info->params[i].name, name) == 0) return i;
	}
	return -1;
}

class rawarg_extractor : public extractor {
public:
	rawarg_extractor(const std::string& key, field_type type)
	    : extractor("evt.rawarg", key, type, false), m_positions(schema::EVENT_COUNT, UNKNOWN) {}

	bool extract(const state::event_context& ctx, std::vector<field_value>& out) override {
		out.clear();
		if(ctx.evt == nullptr || ctx.evt->type >= m_positions.size()) return false;
		int16_t& pos = m_positions[ctx.evt->type];
		if(pos == UNKNOWN) pos = static_cast<int16_t>(find_param(ctx.info, m_arg.c_str()));
		if(pos < 0) return false;
		reader::param_view p = ctx.evt->param(static_cast<uint32_t>(pos));
		if(p.len == 0) return false;
		field_value v;
		if(m_type == field_type::CHARBUF) {
			if(!reader::param_string(p, v.str)) return false;
		} else if(m_type == field_type::BYTEBUF) {
			v.str = std::string_view(reinterpret_cast<const char*>(p.data), p.len);
		} else if(is_signed(m_type)) {
			if(!reader::param_int(p, v.i)) return false;
			v.u = static_cast<uint64_t>(v.i);
		} else {
			if(!reader::param_uint(p, v.u)) return false;
			v.i = static_cast<int64_t>(v.u);
		}
		out.push_back(v);
		return true;
	}

private:
	static constexpr int16_t UNKNOWN = -2;
	/** Parameter position per event type: UNKNOWN until first seen, -1 when absent. */
	std::vector<int16_t> m_positions;
};

}  // namespace

const field_info& rawarg_field_info() {
	static const field_info info{"evt.rawarg", field_type::DYNAMIC, false, arg_kind::key, true,
	                             "one event parameter by name with its raw type"};
	return info;
}

std::unique_ptr<extractor> create_rawarg_extractor(const std::string& key, std::string& error) {
	for(uint16_t t = 0; t < schema::EVENT_COUNT; t++) {
		int i = find_param(&schema::g_events[t], key.c_str());
		if(i >= 0) return std::make_unique<rawarg_extractor>(key, type_for(schema::g_events[t].params[i].type));
	}
	error = "unknown event argument '" + key + "' in field 'evt.rawarg." + key + "'";
	return nullptr;
}

}  // namespace studio::fields
