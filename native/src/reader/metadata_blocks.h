// Parsers for the header-phase blocks (MI, PL V1-V9, FDL v1/v2, IL v1/v2, UL v1/v2). Each
// returns false with a message naming the byte offset inside the block on corruption. Internal
// to reader/.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>

#include "reader/metadata.h"

namespace studio::reader {

/**
 * Parses one metadata block body. Returns true when `type` was handled or is unknown (then
 * `handled` is false and the block is skipped); false with `error` and `error_pos` (offset
 * inside the body) on corruption.
 */
bool parse_metadata(uint32_t type, const uint8_t* body, size_t len, metadata_sink& sink,
                    bool& handled, std::string& error, size_t& error_pos);

}  // namespace studio::reader
