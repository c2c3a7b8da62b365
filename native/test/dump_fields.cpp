// Test program: prints, for every visible event of a capture, the given fields tab-separated
// (missing values as <NA>), the way `sysdig -r CAPTURE -p '*%f1\t%f2...'` does. The oracle
// test compares its output with test/fixtures/captures/oracle/*.tsv; it is also handy when
// debugging a field. Usage: dump_fields CAPTURE FIELD...
#include <cstdio>
#include <string>
#include <vector>

#include "fields/extractor.h"
#include "state/inspector.h"

using namespace studio;

int main(int argc, char** argv) {
	if(argc < 3) {
		std::fprintf(stderr, "usage: dump_fields CAPTURE FIELD...\n");
		return 2;
	}
	std::vector<std::unique_ptr<fields::extractor>> extractors;
	for(int i = 2; i < argc; i++) {
		std::string spec = argv[i], name = spec, arg;
		bool has_arg = false;
		size_t br = spec.find('[');
		if(br != std::string::npos && spec.back() == ']') {
			name = spec.substr(0, br);
			arg = spec.substr(br + 1, spec.size() - br - 2);
			has_arg = true;
		}
		std::string error;
		auto ex = fields::create_extractor(name, arg, has_arg, error);
		if(ex == nullptr) {
			std::fprintf(stderr, "%s\n", error.c_str());
			return 2;
		}
		extractors.push_back(std::move(ex));
	}
	state::inspector insp;
	if(!insp.open_file(argv[1])) {
		std::fprintf(stderr, "error: %s\n", insp.error().message.c_str());
		return 1;
	}
	std::vector<fields::field_value> values;
	std::string line;
	for(;;) {
		reader::read_status st = insp.next();
		if(st == reader::read_status::eof) break;
		if(st == reader::read_status::error) {
			std::fprintf(stderr, "error at byte offset %llu: %s\n",
			             static_cast<unsigned long long>(insp.error().offset), insp.error().message.c_str());
			return 1;
		}
		const state::event_context& ctx = insp.current();
		if(ctx.hidden || ctx.state_only) continue;
		line.clear();
		for(size_t i = 0; i < extractors.size(); i++) {
			if(i > 0) line += '\t';
			if(!extractors[i]->extract(ctx, values)) {
				line += "<NA>";
				continue;
			}
			for(size_t k = 0; k < values.size(); k++) {
				if(k > 0) line += ',';
				fields::format_value(extractors[i]->type(), values[k], line);
			}
		}
		line += '\n';
		std::fwrite(line.data(), 1, line.size(), stdout);
	}
	return 0;
}
