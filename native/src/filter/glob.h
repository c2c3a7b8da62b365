// Shell glob matching for the `glob` and `iglob` operators. libsinsp hands both to fnmatch(3)
// without FNM_PATHNAME or FNM_PERIOD, so `*` also crosses `/` and the pattern must cover the
// whole value. This matcher reproduces that behaviour without recursion (one backtrack point
// for the last `*`), in linear space, on values that may contain NUL bytes.
// It does not implement locale collation or multibyte characters: it works on bytes.
#pragma once

#include <string_view>

namespace studio::filter {

/// True when `value` matches the shell glob `pattern` as a whole. `case_insensitive` folds
/// ASCII letters on both sides, like FNM_CASEFOLD.
bool glob_match(std::string_view pattern, std::string_view value, bool case_insensitive);

}  // namespace studio::filter
