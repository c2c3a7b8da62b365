// The container table: what container meta-events (228 with params, 272/324 with JSON) say
// about each container id. Threads find their container through thread_info::container_id
// (from cgroups). It reads only the handful of JSON keys the fields need, with a tolerant scan
// that never reads out of bounds; it is not a JSON parser.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

namespace studio::state {

struct container_info {
	std::string id;
	std::string name;
	std::string image;
	std::string image_repo;
	std::string image_tag;
	std::string image_id;
	std::string ip;
	int64_t type = -1;
	bool privileged = false;
	bool has_privileged = false;
	/** Creation time in ns since the epoch ("created", seconds, in the JSON); 0 when unknown. */
	uint64_t created_ns = 0;
	std::string pod_name;
	std::string pod_namespace;
	/** Mount destinations, in document order. */
	std::vector<std::string> mount_dests;
	std::vector<std::string> mount_sources;
};

/** Reads a container JSON document ({"container":{...}}); false when it has no id. */
bool parse_container_json(std::string_view json, container_info& out);

/** The container type name ("docker", "cri-o", ...) for a scap container type value. */
const char* container_type_name(int64_t type);

}  // namespace studio::state
