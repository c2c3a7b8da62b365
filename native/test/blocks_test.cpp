// Block-format test program: writes synthetic captures block by block (every process-list
// version V1-V9 including the V9 tail rule, FDL v1/v2 with socket and FILE_V2 entries, IL v1/v2,
// UL v1/v2, internal ids, unknown blocks, EV v1/EV_V2/EVF_V2 with STATE_ONLY/EV_V2_LARGE, pcapng
// comment bytes after an event, a second concatenated section, and a section header with
// options) and checks what the reader and the inspector make of them. Prints "N passed, M failed".
#include <cstdio>
#include <cstring>
#include <string>
#include <vector>

#include "fields/extractor.h"
#include "reader/capture_reader.h"
#include "state/inspector.h"

using namespace studio;

namespace {

int g_passed = 0;
int g_failed = 0;

void check(bool ok, const std::string& what) {
	if(ok) {
		g_passed++;
	} else {
		g_failed++;
		std::fprintf(stderr, "FAIL %s\n", what.c_str());
	}
}

struct bytes {
	std::vector<uint8_t> d;
	bytes& u8(uint8_t v) { d.push_back(v); return *this; }
	bytes& u16(uint16_t v) { return raw(&v, 2); }
	bytes& u32(uint32_t v) { return raw(&v, 4); }
	bytes& u64(uint64_t v) { return raw(&v, 8); }
	bytes& raw(const void* p, size_t n) {
		const uint8_t* b = static_cast<const uint8_t*>(p);
		d.insert(d.end(), b, b + n);
		return *this;
	}
	bytes& lstr(const std::string& s) { u16(static_cast<uint16_t>(s.size())); return raw(s.data(), s.size()); }
	bytes& cat(const bytes& o) { return raw(o.d.data(), o.d.size()); }
};

/** A framed block: type, length, body, zero padding, trailer. */
bytes block(uint32_t type, const bytes& body) {
	uint32_t total = static_cast<uint32_t>(12 + ((body.d.size() + 3) & ~size_t(3)));
	bytes b;
	b.u32(type).u32(total).cat(body);
	while(b.d.size() < total - 4) b.u8(0);
	b.u32(total);
	return b;
}

bytes shb(size_t options = 0) {
	bytes b;
	b.u32(0x1A2B3C4D).u16(1).u16(2).u64(~0ull);
	for(size_t i = 0; i < options; i++) b.u8(0);
	return block(0x0A0D0D0A, b);
}

/** A process-list entry of the given version (1..9). */
bytes pl_entry(int v, int64_t tid, int64_t pid, int64_t ptid, const std::string& comm, uint32_t uid, bool v9_tail) {
	bytes e;
	e.u64(tid).u64(pid).u64(ptid);
	if(v >= 6) e.u64(7);                           // sid
	if(v >= 8) e.u64(8);                           // vpgid
	e.lstr(comm).lstr("/usr/bin/" + comm);
	if(v >= 7) e.lstr("/usr/bin/" + comm);         // exepath
	e.lstr(std::string("-a\0-b", 5)).lstr("/tmp");
	e.u64(1024).u32(0).u32(uid).u32(100);
	if(v >= 2) e.u32(1).u32(2).u32(3).u64(4).u64(5);
	if(v >= 3) e.lstr(std::string("HOME=/root\0TERM=xterm", 21));
	if(v >= 4) e.u64(tid).u64(pid).lstr("cpu=/docker/0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef");
	if(v >= 5) e.lstr("/");
	if(v == 9) {
		if(v9_tail) e.u64(11).u32(34816);  // pidns_init_start_ts, tty: only with > 29 bytes left
		e.u32(1000).u8(1);                    // loginuid, exe_writable
		if(v9_tail) e.u64(1).u64(2).u64(3).u8(0).u64(0).u64(0).u64(0).u8(0).u8(0).u64(9);
		bytes framed;
		framed.u32(static_cast<uint32_t>(e.d.size() + 4)).cat(e);
		return framed;
	}
	return e;
}

/** An event with a v2 header (or v1 without nparams), u16 lengths. */
bytes event(bool v2, uint64_t ts, uint64_t tid, uint16_t type, const std::vector<bytes>& params, bool large = false) {
	bytes lens, vals;
	for(const bytes& p : params) {
		if(large) lens.u32(static_cast<uint32_t>(p.d.size())); else lens.u16(static_cast<uint16_t>(p.d.size()));
		vals.cat(p);
	}
	uint32_t hsize = v2 ? 26 : 22;
	bytes e;
	e.u64(ts).u64(tid).u32(static_cast<uint32_t>(hsize + lens.d.size() + vals.d.size())).u16(type);
	if(v2) e.u32(static_cast<uint32_t>(params.size()));
	return e.cat(lens).cat(vals);
}

bytes ev_block(uint32_t type, const bytes& ev, uint32_t flags = 0, size_t trailing = 0) {
	bytes b;
	b.u16(0);
	if(type == 0x217 || type == 0x222 || type == 0x208) b.u32(flags);
	b.cat(ev);
	for(size_t i = 0; i < trailing; i++) b.u8(0xAB);
	return block(type, b);
}

bytes i64(int64_t v) { bytes b; b.u64(static_cast<uint64_t>(v)); return b; }
bytes str(const std::string& s) { bytes b; b.raw(s.data(), s.size()); b.u8(0); return b; }
bytes u32v(uint32_t v) { bytes b; b.u32(v); return b; }

std::string field(state::inspector& in, const char* name, const char* arg = nullptr) {
	std::string error;
	auto ex = fields::create_extractor(name, arg ? arg : "", arg != nullptr, error);
	if(ex == nullptr) return "ERR:" + error;
	std::vector<fields::field_value> v;
	if(!ex->extract(in.current(), v)) return "<NA>";
	std::string out;
	for(size_t i = 0; i < v.size(); i++) {
		if(i) out += ',';
		fields::format_value(ex->type(), v[i], out);
	}
	return out;
}

/** Header phase shared by the cases: MI, IL, UL, one PL of version v, FDL for tid 100. */
bytes header(int plv, bool v2_lists) {
	bytes f = shb();
	bytes mi;
	mi.u32(2).u64(1).u64(2);
	char host[128] = "testhost";
	mi.raw(host, 128).u64(0).u64(0).u64(0).u64(0);
	f.cat(block(0x201, mi));
	bytes il;
	bytes ifa;
	ifa.u16(1).u16(2).u32(0x0100007f).u32(0xff).u32(0).u64(0).raw("lo", 2);
	if(v2_lists) il.u32(static_cast<uint32_t>(ifa.d.size())).cat(ifa); else il.cat(ifa);
	f.cat(block(v2_lists ? 0x219 : 0x205, il));
	bytes ul, user, group;
	user.u8(0).u32(0).u32(0).lstr("root").lstr("/root").lstr("/bin/bash");
	group.u8(1).u32(100).lstr("users");
	if(v2_lists) {
		ul.u32(static_cast<uint32_t>(user.d.size() + 4)).cat(user).u32(static_cast<uint32_t>(group.d.size() + 4)).cat(group);
	} else {
		ul.cat(user).cat(group);
	}
	f.cat(block(v2_lists ? 0x220 : 0x206, ul));
	static const uint32_t pl_types[] = {0, 0x202, 0x207, 0x209, 0x210, 0x211, 0x212, 0x213, 0x214, 0x215};
	bytes pl;
	pl.cat(pl_entry(plv, 100, 100, 1, "leader", 0, true)).cat(pl_entry(plv, 1, 1, 0, "init", 0, false));
	f.cat(block(pl_types[plv], pl));
	bytes fdl;
	fdl.u64(100);
	bytes file, sock;
	file.u64(3).u64(77).u8(16).u32(1).lstr("/etc/passwd");
	if(v2_lists) file.u32(5);
	sock.u64(4).u64(78).u8(3).u32(0x0100007f).u32(0x0200007f).u16(5555).u16(80).u8(2);
	if(v2_lists) {
		fdl.u32(static_cast<uint32_t>(file.d.size() + 4)).cat(file).u32(static_cast<uint32_t>(sock.d.size() + 4)).cat(sock);
	} else {
		fdl.cat(file).cat(sock);
	}
	f.cat(block(v2_lists ? 0x218 : 0x203, fdl));
	f.cat(block(0x7777, bytes().u32(0)));  // unknown block: skipped
	return f;
}

void run_plist_versions() {
	for(int v = 1; v <= 9; v++) {
		for(int lists = 0; lists < 2; lists++) {
			bytes f = header(v, lists == 1);
			// read enter on fd 3 (v2 or v1 header), then close enter/exit on fd 4.
			bool v2 = lists == 1;
			uint32_t evt = v2 ? 0x216 : 0x204;
			f.cat(ev_block(evt, event(v2, 1000, 100, 6, {i64(3), u32v(10)})));
			f.cat(ev_block(evt, event(v2, 1001, 100, 4, {i64(4)})));
			f.cat(ev_block(evt, event(v2, 1002, 100, 5, {i64(0)})));
			f.cat(ev_block(evt, event(v2, 1003, 100, 6, {i64(4), u32v(10)})));
			std::string tag = "PL V" + std::to_string(v) + (v2 ? " v2 lists" : " v1 lists");
			state::inspector in;
			in.open_buffer(f.d.data(), f.d.size());
			check(in.next() == reader::read_status::event, tag + ": first event");
			check(field(in, "proc.name") == "leader", tag + ": proc.name " + field(in, "proc.name"));
			check(field(in, "proc.cmdline") == "leader -a -b", tag + ": cmdline " + field(in, "proc.cmdline"));
			check(field(in, "proc.pname") == "init", tag + ": pname");
			check(field(in, "fd.name") == "/etc/passwd", tag + ": fd.name " + field(in, "fd.name"));
			check(field(in, "user.name") == "root", tag + ": user.name");
			check(field(in, "group.name") == "users", tag + ": group.name " + field(in, "group.name"));
			check(field(in, "proc.exepath") == (v >= 7 ? "/usr/bin/leader" : ""), tag + ": exepath");
			check(field(in, "proc.env", "HOME") == (v >= 3 ? "/root" : "<NA>"), tag + ": env");
			check(field(in, "container.id") == (v >= 4 ? "0123456789ab" : "host"), tag + ": container.id " + field(in, "container.id"));
			check(field(in, "user.loginuid") == (v == 9 ? "1000" : "-1"), tag + ": loginuid " + field(in, "user.loginuid"));
			check(field(in, "proc.tty") == (v == 9 ? "34816" : "0"), tag + ": tty " + field(in, "proc.tty"));
			check(field(in, "evt.hostname") == "testhost", tag + ": hostname");
			in.next();
			check(field(in, "fd.name") == "127.0.0.1:5555->127.0.0.2:80", tag + ": socket name " + field(in, "fd.name"));
			check(field(in, "fd.lip") == "127.0.0.1", tag + ": fd.lip from the interface list " + field(in, "fd.lip"));
			in.next();
			check(field(in, "evt.res") == "SUCCESS", tag + ": close res");
			in.next();
			check(field(in, "fd.type") == "<NA>", tag + ": fd 4 is gone after the close " + field(in, "fd.type"));
			check(in.next() == reader::read_status::eof, tag + ": clean end");
		}
	}
}

void run_event_blocks() {
	bytes f = header(9, true);
	// EVF_V2 with STATE_ONLY: an open exit that adds fd 5 but is not shown.
	f.cat(ev_block(0x217, event(true, 10, 100, 3, {i64(5), str("/tmp/x"), u32v(1), u32v(0), u32v(0), i64(0)}), 1));
	// EV_V2_LARGE with a large-payload event type (container JSON, 324) and u32 lengths.
	f.cat(ev_block(0x221, event(true, 11, 0, 324, {str("{\"container\":{\"id\":\"0123456789ab\",\"name\":\"web\",\"image\":\"nginx:1.25\",\"privileged\":true}}")}, true)));
	// An event id past the table (a newer producer): skipped without a number, like libscap.
	f.cat(ev_block(0x216, event(true, 11, 100, 9999, {i64(1)})));
	// An EV_V2 read enter on fd 5, with pcapng comment bytes after the event.
	f.cat(ev_block(0x216, event(true, 12, 100, 6, {i64(5), u32v(1)}), 0, 24));
	// A second section: new SHB and metadata, which reset the state.
	f.cat(header(5, false));
	f.cat(ev_block(0x204, event(false, 13, 100, 6, {i64(5), u32v(1)})));
	state::inspector in;
	in.open_buffer(f.d.data(), f.d.size());
	check(in.next() == reader::read_status::event && in.current().state_only, "EVF_V2 STATE_ONLY flag");
	check(in.next() == reader::read_status::event && in.current().hidden, "EV_V2_LARGE container event is hidden");
	check(in.next() == reader::read_status::event, "EV_V2 with trailing comment bytes");
	check(field(in, "fd.name") == "/tmp/x", "STATE_ONLY open still applied: " + field(in, "fd.name"));
	check(field(in, "container.name") == "web" && field(in, "container.image.repository") == "nginx" &&
	          field(in, "container.privileged") == "true",
	      "container table: " + field(in, "container.name") + " " + field(in, "container.image.repository"));
	check(field(in, "evt.num") == "3", "evt.num counts every delivered event block: " + field(in, "evt.num"));
	check(in.next() == reader::read_status::event, "event of the second section");
	check(field(in, "fd.name") == "<NA>", "second section reset the fd table: " + field(in, "fd.name"));
	check(field(in, "evt.num") == "4", "numbering continues across sections");
	check(in.next() == reader::read_status::eof, "clean end after two sections");
}

void run_shb_options_and_errors() {
	bytes f = shb(88);
	bytes body = header(9, true);
	f.d.insert(f.d.end(), body.d.begin() + 28, body.d.end());
	f.cat(ev_block(0x216, event(true, 1, 100, 6, {i64(3), u32v(1)})));
	state::inspector in;
	in.open_buffer(f.d.data(), f.d.size());
	check(in.next() == reader::read_status::event && field(in, "fd.name") == "/etc/passwd", "SHB with options");

	bytes bad = shb();
	bad.d[4] = 0xff;  // trailer mismatch
	state::inspector in2;
	in2.open_buffer(bad.d.data(), bad.d.size());
	check(in2.next() == reader::read_status::error && in2.error().message.find("length") != std::string::npos,
	      "bad SHB length: " + in2.error().message);
	bytes swapped = shb();
	uint32_t magic = 0x4D3C2B1A;
	std::memcpy(swapped.d.data() + 8, &magic, 4);
	state::inspector in3;
	in3.open_buffer(swapped.d.data(), swapped.d.size());
	check(in3.next() == reader::read_status::error && in3.error().message.find("magic") != std::string::npos,
	      "swapped magic: " + in3.error().message);
	bytes cut = header(9, true);
	size_t block_start = cut.d.size();
	cut.cat(ev_block(0x216, event(true, 1, 100, 6, {i64(3), u32v(1)})));
	cut.d.resize(cut.d.size() - 5);
	state::inspector in4;
	in4.open_buffer(cut.d.data(), cut.d.size());
	reader::read_status st = in4.next();
	check(st == reader::read_status::error && in4.error().offset == block_start &&
	          in4.error().message.find("truncated block") != std::string::npos,
	      "truncated event block error offset " + std::to_string(in4.error().offset) + " " + in4.error().message);
}

}  // namespace

int main() {
	run_plist_versions();
	run_event_blocks();
	run_shb_options_and_errors();
	std::printf("%d passed, %d failed\n", g_passed, g_failed);
	return g_failed == 0 ? 0 : 1;
}
