// Round trip of the .scap writer through our reader, without Node:
//   capture_writer_test            writes metadata and events of every kind, reads them back
//   capture_writer_test FILE.scap  checks a capture made by `falco-studio capture`: every event
//                                  has its table's parameter count, and fixed-size parameters
//                                  have their type's size (or are absent)
// Prints "ok" and exits 0, or prints the first mismatch and exits 1.
// Driven by test/integration/capture/native.test.ts.
#include <cstdio>
#include <cstring>
#include <string>
#include <vector>

#include "capture/scap_writer.h"
#include "reader/capture_reader.h"
#include "schema/event_table.h"

using namespace studio;

namespace {

int g_failures = 0;

void check(bool condition, const std::string& what) {
	if (!condition && g_failures++ == 0) std::printf("mismatch: %s\n", what.c_str());
}

struct collected : reader::metadata_sink {
	reader::machine_info machine;
	std::vector<reader::thread_record> threads;
	std::vector<std::pair<int64_t, reader::fd_record>> fds;
	std::vector<reader::user_record> users;
	std::vector<reader::group_record> groups;
	std::vector<reader::interface_record> interfaces;
	void on_interface(const reader::interface_record& i) override { interfaces.push_back(i); }
	void on_machine_info(const reader::machine_info& mi) override { machine = mi; }
	void on_thread(const reader::thread_record& t) override { threads.push_back(t); }
	void on_fd(int64_t tid, const reader::fd_record& fd) override { fds.emplace_back(tid, fd); }
	void on_user(const reader::user_record& u) override { users.push_back(u); }
	void on_group(const reader::group_record& g) override { groups.push_back(g); }
};

int round_trip(const std::string& path) {
	// Step 1: write every block kind, with values at the edges (clipped strings, empty params).
	capture::scap_writer writer;
	std::remove(path.c_str());
	if (!writer.open(path)) {
		std::printf("mismatch: %s\n", writer.error().c_str());
		return 1;
	}
	writer.write_section_header();
	capture::machine_info machine;
	machine.num_cpus = 2;
	machine.memory_bytes = 1ull << 33;
	machine.max_pid = 4194304;
	machine.hostname = std::string(300, 'h');
	machine.boot_ts_epoch = 1700000000000000000ull;
	writer.write_machine_info(machine);
	capture::user_entry user;
	user.id = 1000;
	user.gid = 100;
	user.name = "alice";
	user.homedir = "/home/alice";
	user.shell = "/bin/sh";
	capture::user_entry group;
	group.is_group = true;
	group.id = 100;
	group.name = "users";
	capture::interface_entry loopback;
	loopback.name = "lo";
	const uint8_t localhost[4] = {127, 0, 0, 1}, mask[4] = {255, 0, 0, 0};
	std::memcpy(loopback.addr, localhost, 4);
	std::memcpy(loopback.netmask, mask, 4);
	capture::interface_entry v6;
	v6.ipv6 = true;
	v6.name = "eth0";
	v6.addr[15] = 1;
	writer.write_interfaces({loopback, v6});
	writer.write_users({user, group});
	capture::thread_entry thread;
	thread.tid = thread.pid = 42;
	thread.ptid = 1;
	thread.comm = "cat";
	thread.exe = "cat";
	thread.exepath = "/usr/bin/cat";
	thread.args = std::string("/etc/hostname\0-n\0", 17);
	thread.cwd = std::string(2000, 'c');
	thread.env = std::string(5000, 'e');
	thread.uid = 1000;
	thread.gid = 100;
	thread.loginuid = 1000;
	writer.write_threads({thread});
	std::vector<capture::fd_entry> fds(2);
	fds[0].fd = 1;
	fds[0].ino = 7;
	fds[0].type = 16;
	capture::put_u32(fds[0].payload, 2);
	capture::put_lstr(fds[0].payload, "/tmp/out");
	capture::put_u32(fds[0].payload, 0xFE00);
	fds[1].fd = 0;
	fds[1].type = 7;
	capture::put_lstr(fds[1].payload, "");
	writer.write_fds(42, fds);
	capture::event_builder open_exit(307, 1000, 42);
	open_exit.i64(3).i64(-100).str("/etc/hostname").u32(4097).u32(0).u32(0xFE00).u64(99);
	writer.write_event(open_exit);
	capture::event_builder generic(1, 1001, 42);
	generic.u16(0).u16(334);
	writer.write_event(generic);
	capture::event_builder read_exit(7, 1002, 42);
	read_exit.i64(0).empty().i64(3).u32(4096);
	writer.write_event(read_exit);
	check(writer.close(), "close: " + writer.error());

	// Step 2: read it back with our reader.
	reader::capture_reader reader;
	check(reader.open_file(path), "open");
	collected sink;
	std::vector<reader::raw_event> events;
	std::string first_name;
	for (;;) {
		reader::read_status status = reader.next(sink);
		if (status == reader::read_status::event) {
			// Param views point into the reader's block buffer: copy what is checked now.
			events.push_back(reader.event());
			reader::param_view name = reader.event().param(2);
			if (events.size() == 1) first_name.assign(reinterpret_cast<const char*>(name.data), name.len);
			continue;
		}
		check(status == reader::read_status::eof, "read: " + reader.error().message);
		break;
	}
	check(sink.machine.num_cpus == 2 && sink.machine.max_pid == 4194304, "machine info");
	check(sink.machine.hostname == std::string(127, 'h'), "hostname clipped to 127 bytes");
	check(sink.machine.boot_ts_epoch == machine.boot_ts_epoch, "boot time");
	check(sink.interfaces.size() == 2, "two interfaces");
	if (sink.interfaces.size() == 2) {
		check(sink.interfaces[0].name == "lo" && !sink.interfaces[0].ipv6 && std::memcmp(sink.interfaces[0].addr, localhost, 4) == 0 &&
		          std::memcmp(sink.interfaces[0].netmask, mask, 4) == 0,
		      "IPv4 interface");
		check(sink.interfaces[1].name == "eth0" && sink.interfaces[1].ipv6 && sink.interfaces[1].addr[15] == 1, "IPv6 interface");
	}
	check(sink.users.size() == 1 && sink.users[0].name == "alice" && sink.users[0].shell == "/bin/sh", "user");
	check(sink.groups.size() == 1 && sink.groups[0].name == "users" && sink.groups[0].gid == 100, "group");
	check(sink.threads.size() == 1, "one thread");
	if (!sink.threads.empty()) {
		const reader::thread_record& t = sink.threads[0];
		check(t.tid == 42 && t.pid == 42 && t.ptid == 1 && t.comm == "cat" && t.exepath == "/usr/bin/cat", "thread ids and names");
		check(t.args == thread.args, "args");
		check(t.cwd.size() == 1024 && t.env.size() == 4096, "cwd and env clipped to libscap's limits");
		check(t.uid == 1000 && t.gid == 100 && t.loginuid == 1000, "ids");
	}
	check(sink.fds.size() == 2, "two fds");
	if (sink.fds.size() == 2) {
		check(sink.fds[0].first == 42 && sink.fds[0].second.fd == 1 && sink.fds[0].second.open_flags == 2, "file fd");
		check(sink.fds[0].second.dev == 0xFE00 && sink.fds[0].second.ino == 7, "file fd dev/ino");
		check(sink.fds[1].second.type == 7, "pipe fd");
	}
	check(events.size() == 3, "three events");
	if (events.size() == 3) {
		check(events[0].type == 307 && events[0].nparams == 7 && events[0].ts == 1000 && events[0].tid == 42, "openat exit header");
		check(first_name == std::string("/etc/hostname", 14), "openat name with its NUL");
		check(events[1].type == 1 && events[1].param(1).len == 2, "generic event");
		check(events[2].nparams == 4 && events[2].param(1).len == 0, "empty data param");
	}
	return g_failures == 0 ? 0 : 1;
}

int check_capture(const std::string& path) {
	reader::capture_reader reader;
	if (!reader.open_file(path)) {
		std::printf("mismatch: cannot open %s\n", path.c_str());
		return 1;
	}
	reader::metadata_sink sink;
	uint64_t count = 0;
	for (;;) {
		reader::read_status status = reader.next(sink);
		if (status != reader::read_status::event) {
			check(status == reader::read_status::eof, "read: " + reader.error().message);
			break;
		}
		const reader::raw_event& event = reader.event();
		const schema::event_info* info = schema::event_by_type(event.type);
		std::string where = "event " + std::to_string(event.num) + " (type " + std::to_string(event.type) + ")";
		check(info != nullptr && event.type < 336, where + ": an id sysdig 0.29.3 knows");
		if (info == nullptr) continue;
		check(event.nparams == info->nparams, where + ": " + std::to_string(event.nparams) + " params, table has " +
		                                          std::to_string(info->nparams));
		for (uint32_t i = 0; i < event.nparams && i < info->nparams; i++) {
			int size = schema::fixed_param_size(info->params[i].type);
			uint32_t len = event.param(i).len;
			check(size < 0 || len == 0 || len == static_cast<uint32_t>(size),
			      where + ": param " + info->params[i].name + " has " + std::to_string(len) + " bytes");
		}
		count++;
	}
	check(count > 0, "events in the capture");
	return g_failures == 0 ? 0 : 1;
}

}  // namespace

int main(int argc, char** argv) {
	int rc = argc > 1 ? check_capture(argv[1]) : round_trip("/tmp/capture_writer_test.scap");
	if (rc == 0) std::printf("ok\n");
	return rc;
}
