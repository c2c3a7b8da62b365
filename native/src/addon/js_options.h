// Reading the option objects the JS job handlers pass to the addon's session classes. The JS
// side validates options first; these readers are the lenient backstop: a missing or
// wrongly typed key reads as empty or false rather than throwing.
#pragma once

#include <napi.h>

#include <string>
#include <vector>

namespace studio::addon {

/** The strings of the array at options[key]; non-string items and non-arrays read as none. */
inline std::vector<std::string> option_strings(const Napi::Object& options, const char* key) {
	std::vector<std::string> out;
	Napi::Value value = options.Get(key);
	if(!value.IsArray()) return out;
	Napi::Array array = value.As<Napi::Array>();
	for(uint32_t i = 0; i < array.Length(); i++) {
		Napi::Value item = array.Get(i);
		if(item.IsString()) out.push_back(item.As<Napi::String>().Utf8Value());
	}
	return out;
}

/** options[key] when it is a boolean, else false. */
inline bool option_flag(const Napi::Object& options, const char* key) {
	Napi::Value value = options.Get(key);
	return value.IsBoolean() && value.As<Napi::Boolean>().Value();
}

}  // namespace studio::addon
