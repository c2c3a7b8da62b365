// The event context an audit event is evaluated in. Filters and extractors take a
// state::event_context; an audit event travels as one of those extended with the audit
// event, and with a plugin-event view (reader::raw_event of type pluginevent carrying the
// event number and time) so the shared machinery keyed on evt->num and evt->ts (the operand
// cache, evt.num, evt.time*, evt.rawtime*) works unchanged. The k8s_audit extractors recognise
// such a context by a tag address in the view's first parameter, which no capture event can
// hold, so they never misread a syscall context (they report the field missing instead).
#pragma once

#include <cstdint>

#include "reader/raw_event.h"
#include "sources/k8s_audit/audit_reader.h"
#include "state/inspector.h"

namespace studio::sources::k8s_audit {

/** The pluginevent code of the event table (ppm code 322), the type plugin events carry. */
constexpr uint16_t PLUGIN_EVENT_CODE = 322;

/** Its address marks a context as an audit_event_context. */
extern const uint8_t k_audit_context_tag[1];

struct audit_event_context : state::event_context {
	audit_event_context() {
		raw.type = PLUGIN_EVENT_CODE;
		raw.nparams = 1;
		raw.params[0].data = k_audit_context_tag;
		raw.params[0].len = 0;
		evt = &raw;
	}
	audit_event_context(const audit_event_context&) = delete;
	audit_event_context& operator=(const audit_event_context&) = delete;

	/** Points the context at `event` (which must stay valid while the context is used). */
	void set(const audit_event& event) {
		audit = &event;
		raw.num = event.num;
		raw.ts = event.ts;
		raw.block_offset = event.offset;
		if(first_ts == 0) first_ts = event.ts;
		prev_ts = last_ts;
		last_ts = event.ts;
	}

	const audit_event* audit = nullptr;
	reader::raw_event raw;
};

/** The audit context behind `ctx`, or null when ctx belongs to another source. */
inline const audit_event_context* as_audit_context(const state::event_context& ctx) {
	if(ctx.evt == nullptr || ctx.evt->nparams < 1 || ctx.evt->params[0].data != k_audit_context_tag) return nullptr;
	const auto& audit = static_cast<const audit_event_context&>(ctx);
	return audit.audit != nullptr ? &audit : nullptr;
}

}  // namespace studio::sources::k8s_audit
