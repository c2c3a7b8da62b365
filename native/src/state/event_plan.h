// What the inspector must do for each event id, decided once per id instead of per event: the
// flags as libsinsp 0.29.3 saw them, whether the event is hidden, whether the thread is only
// looked up (no placeholder), whether an exit's first parameter carries the errno, and the
// family parser. Events with no parser and no fd use cost only the header and the thread
// lookup. Internal to state/; it does not apply anything itself (inspector.cpp does).
#pragma once

#include <cstdint>

#include "state/parsers.h"

namespace studio::state {

struct event_plan {
	/** The family parser, or nullptr when the event changes no state beyond the reset step. */
	parsers::fn parse = nullptr;
	/** EF_* flags as 0.29.3 saw them: switch skips the parse reset, mmap/mmap2 use no fd. */
	uint32_t flags = 0;
	/** Enter event (even id). */
	bool enter = false;
	/** procinfo and container meta events: applied, never shown. */
	bool hidden = false;
	/**
	 * procinfo: hidden, skips the parse reset and has no parser, so it changes no state and
	 * needs no thread (hidden events never reach fields).
	 */
	bool state_free = false;
	/** Container meta events: parsed into the container table, no thread involved. */
	bool container = false;
	/** The thread is only looked up, never made up (skip-parse-reset events, clone exits). */
	bool lookup_only = false;
	/** The event creates, uses or destroys an fd. */
	bool uses_fd = false;
	/**
	 * Enter events whose exit has a parser: their arguments are kept for the exit (legacy
	 * captures carry some arguments on the enter only). Fields never read the stored enter.
	 */
	bool keeps_enter = false;
	/** The first parameter is named res or fd: a negative value is the errno. */
	bool res_errno = false;
};

/** The plan of every event id, indexed by id (schema::EVENT_COUNT entries). */
const event_plan* event_plans();

}  // namespace studio::state
