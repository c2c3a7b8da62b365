// Extractors of the k8s_audit source: the k8saudit plugin's ka.* fields and the json plugin's
// json.* / jevt.* fields, read from the audit event of a sources::k8s_audit context. Values
// follow the plugins: every field is text; a JSON value that is not a string is given as its
// compact JSON; list fields give one value per container, rule, volume...; a field whose
// value is absent (or a list with no value) is missing (<NA>). On a context of another source
// every one of these fields is missing. registry.cpp merges these into the registry.
#pragma once

#include <memory>
#include <string>
#include <vector>

#include "fields/extractor.h"

namespace studio::fields {

/** True when `name` is one of this file's field names (ka.*, jevt.*, json.*). */
bool is_k8s_audit_field(const std::string& name);

/** The registry entries of the fields this file extracts. */
const std::vector<field_info>& k8s_audit_field_infos();

/** Builds the extractor for a ka., jevt. or json. field; null with `error` set when it cannot. */
std::unique_ptr<extractor> create_k8s_audit_extractor(const std::string& name, const std::string& arg, bool has_arg,
                                                      std::string& error);

/**
 * Wraps the extractor of evt.source so that it says "k8s_audit" on an audit event context and
 * defers to `inner` (the syscall answer) on any other.
 */
std::unique_ptr<extractor> make_source_aware(std::unique_ptr<extractor> inner);

}  // namespace studio::fields
