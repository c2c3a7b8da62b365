// A tolerant key scan over container JSON: finds `"key":` and reads the string, number or
// boolean after it. Good enough for the documents libsinsp writes (flat keys, escaped strings);
// malformed input yields empty values, never an out-of-bounds read.
#include "state/containers.h"

#include <cstdlib>

namespace studio::state {

namespace {

/** Position just after `"key":` (whitespace skipped), or npos. Searches from `from`. */
size_t find_key(std::string_view json, std::string_view key, size_t from = 0) {
	std::string pattern = "\"" + std::string(key) + "\"";
	size_t at = json.find(pattern, from);
	while(at != std::string_view::npos) {
		size_t p = at + pattern.size();
		while(p < json.size() && (json[p] == ' ' || json[p] == '\t' || json[p] == '\n' || json[p] == '\r')) p++;
		if(p < json.size() && json[p] == ':') {
			p++;
			while(p < json.size() && (json[p] == ' ' || json[p] == '\t' || json[p] == '\n' || json[p] == '\r')) p++;
			return p;
		}
		at = json.find(pattern, at + 1);
	}
	return std::string_view::npos;
}

/** Reads a JSON string starting at p (which must be '"'); simple escapes only. */
std::string read_string(std::string_view json, size_t p, size_t* end = nullptr) {
	std::string out;
	if(p >= json.size() || json[p] != '"') return out;
	for(p++; p < json.size() && json[p] != '"'; p++) {
		if(json[p] == '\\' && p + 1 < json.size()) {
			p++;
			char c = json[p];
			out += c == 'n' ? '\n' : c == 't' ? '\t' : c;
		} else {
			out += json[p];
		}
	}
	if(end != nullptr) *end = p;
	return out;
}

std::string string_value(std::string_view json, std::string_view key) {
	size_t p = find_key(json, key);
	return p == std::string_view::npos ? std::string() : read_string(json, p);
}

}  // namespace

bool parse_container_json(std::string_view json, container_info& out) {
	out = container_info{};
	out.id = string_value(json, "id");
	if(out.id.empty()) return false;
	out.name = string_value(json, "name");
	out.image = string_value(json, "image");
	out.image_repo = string_value(json, "imagerepo");
	out.image_tag = string_value(json, "imagetag");
	out.image_id = string_value(json, "imageid");
	out.ip = string_value(json, "ip");
	if(size_t p = find_key(json, "type"); p != std::string_view::npos && p < json.size()) {
		out.type = std::strtoll(std::string(json.substr(p, std::min<size_t>(20, json.size() - p))).c_str(), nullptr, 10);
	}
	if(size_t p = find_key(json, "created"); p != std::string_view::npos && p < json.size()) {
		long long secs = std::strtoll(std::string(json.substr(p, std::min<size_t>(20, json.size() - p))).c_str(), nullptr, 10);
		if(secs > 0) out.created_ns = static_cast<uint64_t>(secs) * 1000000000ull;
	}
	if(size_t p = find_key(json, "privileged"); p != std::string_view::npos) {
		out.has_privileged = true;
		out.privileged = json.substr(p, 4) == "true";
	}
	out.pod_name = string_value(json, "io.kubernetes.pod.name");
	out.pod_namespace = string_value(json, "io.kubernetes.pod.namespace");
	// Mounts: every "Destination"/"Source" pair in document order.
	for(size_t p = find_key(json, "Destination"); p != std::string_view::npos; p = find_key(json, "Destination", p)) {
		size_t end = p;
		out.mount_dests.push_back(read_string(json, p, &end));
		p = end;
	}
	for(size_t p = find_key(json, "Source"); p != std::string_view::npos; p = find_key(json, "Source", p)) {
		size_t end = p;
		out.mount_sources.push_back(read_string(json, p, &end));
		p = end;
	}
	// Without an explicit repository, split the image name at the tag's colon.
	if(out.image_repo.empty() && !out.image.empty()) {
		size_t slash = out.image.rfind('/');
		size_t colon = out.image.rfind(':');
		if(colon != std::string::npos && (slash == std::string::npos || colon > slash)) {
			out.image_repo = out.image.substr(0, colon);
			if(out.image_tag.empty()) out.image_tag = out.image.substr(colon + 1);
		} else {
			out.image_repo = out.image;
		}
	}
	return true;
}

const char* container_type_name(int64_t type) {
	static const char* const names[] = {"docker", "lxc", "libvirt-lxc", "mesos", "rkt", "custom", "cri", "containerd", "cri-o", "bpm", "static", "podman"};
	if(type >= 0 && type < static_cast<int64_t>(sizeof(names) / sizeof(names[0]))) return names[type];
	return nullptr;
}

}  // namespace studio::state
