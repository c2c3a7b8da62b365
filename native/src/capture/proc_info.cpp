// /proc and /etc snapshots for the capture metadata (see proc_info.h).
#include "capture/proc_info.h"

#include <dirent.h>
#include <ifaddrs.h>
#include <netinet/in.h>
#include <fcntl.h>
#include <net/if.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <sys/sysinfo.h>
#include <sys/sysmacros.h>
#include <time.h>
#include <unistd.h>

#include <cstdlib>
#include <cstring>
#include <fstream>
#include <sstream>

namespace studio::capture {

namespace {

std::string link_target(const std::string& path) {
	char buffer[4096];
	ssize_t n = readlink(path.c_str(), buffer, sizeof(buffer) - 1);
	return n < 0 ? std::string() : std::string(buffer, static_cast<size_t>(n));
}

// The value after "Key:" in /proc/<pid>/status, or empty.
std::string status_value(const std::string& status, const std::string& key) {
	std::istringstream lines(status);
	std::string line;
	while (std::getline(lines, line)) {
		if (line.compare(0, key.size() + 1, key + ":") == 0) {
			size_t start = line.find_first_not_of(" \t", key.size() + 1);
			return start == std::string::npos ? std::string() : line.substr(start);
		}
	}
	return std::string();
}

uint64_t first_number(const std::string& text) {
	return std::strtoull(text.c_str(), nullptr, 10);
}

// The n-th whitespace field (1-based, as proc(5) numbers them) of /proc/<pid>/stat, counted
// after the parenthesised comm, which may itself contain spaces.
std::string stat_field(const std::string& stat, int n) {
	size_t close = stat.rfind(')');
	if (close == std::string::npos) return std::string();
	std::istringstream rest(stat.substr(close + 1));
	std::string field;
	for (int i = 3; i <= n; i++) {
		if (!(rest >> field)) return std::string();
	}
	return field;
}

uint32_t kernel_dev(dev_t dev) {
	// The driver's new_encode_dev layout, which libsinsp decodes for fd.dev.
	uint32_t major_id = major(dev), minor_id = minor(dev);
	return (minor_id & 0xff) | (major_id << 8) | ((minor_id & ~0xffu) << 12);
}

}  // namespace

std::string read_text_file(const std::string& path) {
	std::ifstream in(path, std::ios::binary);
	if (!in) return std::string();
	std::ostringstream content;
	content << in.rdbuf();
	return content.str();
}

uint32_t ppm_open_flags(int flags) {
	uint32_t ppm = 0;
	switch (flags & O_ACCMODE) {
	case O_RDONLY: ppm |= 1; break;
	case O_WRONLY: ppm |= 2; break;
	case O_RDWR: ppm |= 3; break;
	default: break;
	}
	if (flags & O_CREAT) ppm |= 4;
	if (flags & O_APPEND) ppm |= 8;
	if (flags & O_DSYNC) ppm |= 16;
	if (flags & O_EXCL) ppm |= 32;
	if (flags & O_NONBLOCK) ppm |= 64;
	if ((flags & O_SYNC) == O_SYNC) ppm |= 128;
	if (flags & O_TRUNC) ppm |= 256;
	if (flags & O_DIRECT) ppm |= 512;
	if ((flags & O_TMPFILE) == O_TMPFILE) {
		ppm |= 8192;
	} else if (flags & O_DIRECTORY) {
		ppm |= 1024;
	}
	if (flags & O_LARGEFILE) ppm |= 2048;
	if (flags & O_CLOEXEC) ppm |= 4096;
	return ppm;
}

pid_t read_parent_pid(pid_t pid) {
	std::string status = read_text_file("/proc/" + std::to_string(pid) + "/status");
	return static_cast<pid_t>(first_number(status_value(status, "PPid")));
}

bool read_thread_entry(pid_t pid, pid_t tid, thread_entry& entry) {
	std::string dir = "/proc/" + std::to_string(pid) + "/task/" + std::to_string(tid);
	std::string status = read_text_file(dir + "/status");
	if (status.empty()) return false;
	std::string stat = read_text_file(dir + "/stat");
	std::string cmdline = read_text_file("/proc/" + std::to_string(pid) + "/cmdline");
	entry.tid = static_cast<uint64_t>(tid);
	entry.pid = static_cast<uint64_t>(pid);
	entry.ptid = first_number(status_value(status, "PPid"));
	entry.sid = first_number(stat_field(stat, 6));
	entry.vpgid = first_number(stat_field(stat, 5));
	entry.comm = read_text_file(dir + "/comm");
	if (!entry.comm.empty() && entry.comm.back() == '\n') entry.comm.pop_back();
	size_t first_nul = cmdline.find('\0');
	entry.exe = cmdline.substr(0, first_nul);
	entry.args = first_nul == std::string::npos ? std::string() : cmdline.substr(first_nul + 1);
	entry.exepath = link_target("/proc/" + std::to_string(pid) + "/exe");
	entry.cwd = link_target("/proc/" + std::to_string(pid) + "/cwd");
	struct rlimit limit {};
	if (prlimit(pid, RLIMIT_NOFILE, nullptr, &limit) == 0) entry.fdlimit = limit.rlim_cur;
	entry.flags = tid == pid ? 0 : 0x2001;  // CLONE_THREAD | CLONE_FILES for non-leaders.
	std::istringstream uid_line(status_value(status, "Uid")), gid_line(status_value(status, "Gid"));
	uint32_t real_id = 0;
	uid_line >> real_id >> entry.uid;  // The effective id, as the driver reports it.
	gid_line >> real_id >> entry.gid;
	entry.vmsize_kb = static_cast<uint32_t>(first_number(status_value(status, "VmSize")));
	entry.vmrss_kb = static_cast<uint32_t>(first_number(status_value(status, "VmRSS")));
	entry.vmswap_kb = static_cast<uint32_t>(first_number(status_value(status, "VmSwap")));
	entry.pfminor = first_number(stat_field(stat, 10));
	entry.pfmajor = first_number(stat_field(stat, 12));
	entry.env = read_text_file("/proc/" + std::to_string(pid) + "/environ");
	std::istringstream nstgid(status_value(status, "NSpid"));
	entry.vtid = entry.vpid = tid;
	int64_t last = 0;
	while (nstgid >> last) entry.vtid = last;
	entry.vpid = tid == pid ? entry.vtid : pid;
	// cgroups as "subsys=path" strings: /proc gives "id:subsys:path" lines.
	std::istringstream cgroup_lines(read_text_file("/proc/" + std::to_string(pid) + "/cgroup"));
	std::string line;
	entry.cgroups.clear();
	while (std::getline(cgroup_lines, line)) {
		size_t a = line.find(':'), b = line.find(':', a + 1);
		if (a == std::string::npos || b == std::string::npos) continue;
		std::string subsys = line.substr(a + 1, b - a - 1);
		entry.cgroups += (subsys.empty() ? std::string("cpuset") : subsys) + "=" + line.substr(b + 1);
		entry.cgroups.push_back('\0');
	}
	entry.root = link_target("/proc/" + std::to_string(pid) + "/root");
	std::string loginuid = read_text_file("/proc/" + std::to_string(pid) + "/loginuid");
	entry.loginuid = loginuid.empty() ? 0xFFFFFFFF : static_cast<uint32_t>(first_number(loginuid));
	return true;
}

std::string fd_link(pid_t pid, int64_t fd) {
	return link_target("/proc/" + std::to_string(pid) + "/fd/" + std::to_string(fd));
}

bool fd_dev_ino(pid_t pid, int64_t fd, uint32_t& dev, uint64_t& ino) {
	struct stat info {};
	std::string path = "/proc/" + std::to_string(pid) + "/fd/" + std::to_string(fd);
	if (stat(path.c_str(), &info) != 0) return false;
	dev = kernel_dev(info.st_dev);
	ino = info.st_ino;
	return true;
}

std::vector<fd_entry> read_fds(pid_t pid) {
	std::vector<fd_entry> fds;
	std::string dir = "/proc/" + std::to_string(pid) + "/fd";
	DIR* listing = opendir(dir.c_str());
	if (listing == nullptr) return fds;
	while (dirent* item = readdir(listing)) {
		if (item->d_name[0] == '.') continue;
		fd_entry entry;
		entry.fd = std::strtoll(item->d_name, nullptr, 10);
		std::string target = fd_link(pid, entry.fd);
		uint32_t dev = 0;
		fd_dev_ino(pid, entry.fd, dev, entry.ino);
		std::string fdinfo = read_text_file("/proc/" + std::to_string(pid) + "/fdinfo/" + item->d_name);
		int flags = static_cast<int>(std::strtol(status_value(fdinfo, "flags").c_str(), nullptr, 8));
		if (!target.empty() && target[0] == '/') {
			struct stat info {};
			bool is_dir = stat(target.c_str(), &info) == 0 && S_ISDIR(info.st_mode);
			entry.type = is_dir ? 2 : 16;
			if (!is_dir) put_u32(entry.payload, ppm_open_flags(flags));
			put_lstr(entry.payload, target.substr(0, 1023));
			if (!is_dir) put_u32(entry.payload, dev);
		} else if (target.compare(0, 5, "pipe:") == 0) {
			entry.type = 7;
			put_lstr(entry.payload, "");
		} else if (target == "anon_inode:[eventpoll]") {
			entry.type = 12;
			put_lstr(entry.payload, "");
		} else if (target == "anon_inode:[eventfd]") {
			entry.type = 9;
			put_lstr(entry.payload, "");
		} else {
			// Sockets and other anonymous inodes: their kind is not worth a /proc/net scan for
			// the fds a command inherits, so they are listed as unsupported, by link text.
			entry.type = 10;
			put_lstr(entry.payload, target.substr(0, 1023));
		}
		fds.push_back(entry);
	}
	closedir(listing);
	return fds;
}

std::vector<interface_entry> read_interfaces() {
	std::vector<interface_entry> interfaces;
	ifaddrs* list = nullptr;
	if (getifaddrs(&list) != 0) return interfaces;
	for (ifaddrs* item = list; item != nullptr; item = item->ifa_next) {
		if (item->ifa_addr == nullptr) continue;
		int family = item->ifa_addr->sa_family;
		if (family != AF_INET && family != AF_INET6) continue;
		interface_entry entry;
		entry.ipv6 = family == AF_INET6;
		entry.name = item->ifa_name != nullptr ? item->ifa_name : "";
		auto copy = [&](const sockaddr* addr, uint8_t* out) {
			if (addr == nullptr) return;
			if (family == AF_INET) {
				std::memcpy(out, &reinterpret_cast<const sockaddr_in*>(addr)->sin_addr, 4);
			} else {
				std::memcpy(out, &reinterpret_cast<const sockaddr_in6*>(addr)->sin6_addr, 16);
			}
		};
		copy(item->ifa_addr, entry.addr);
		copy(item->ifa_netmask, entry.netmask);
		if (family == AF_INET && (item->ifa_flags & IFF_BROADCAST)) copy(item->ifa_broadaddr, entry.bcast);
		interfaces.push_back(entry);
	}
	freeifaddrs(list);
	return interfaces;
}

std::vector<user_entry> read_users() {
	std::vector<user_entry> users;
	std::istringstream passwd(read_text_file("/etc/passwd"));
	std::string line;
	while (std::getline(passwd, line)) {
		std::vector<std::string> parts;
		std::istringstream fields(line);
		std::string part;
		while (std::getline(fields, part, ':')) parts.push_back(part);
		if (parts.size() < 7) continue;
		user_entry user;
		user.id = static_cast<uint32_t>(first_number(parts[2]));
		user.gid = static_cast<uint32_t>(first_number(parts[3]));
		user.name = parts[0];
		user.homedir = parts[5];
		user.shell = parts[6];
		users.push_back(user);
	}
	std::istringstream group(read_text_file("/etc/group"));
	while (std::getline(group, line)) {
		size_t a = line.find(':'), b = line.find(':', a + 1), c = line.find(':', b + 1);
		if (c == std::string::npos) continue;
		user_entry entry;
		entry.is_group = true;
		entry.name = line.substr(0, a);
		entry.id = static_cast<uint32_t>(first_number(line.substr(b + 1, c - b - 1)));
		users.push_back(entry);
	}
	return users;
}

machine_info read_machine_info() {
	machine_info info;
	long cpus = sysconf(_SC_NPROCESSORS_ONLN);
	info.num_cpus = cpus > 0 ? static_cast<uint32_t>(cpus) : 1;
	struct sysinfo system {};
	if (sysinfo(&system) == 0) info.memory_bytes = static_cast<uint64_t>(system.totalram) * system.mem_unit;
	info.max_pid = first_number(read_text_file("/proc/sys/kernel/pid_max"));
	char hostname[256] = {};
	gethostname(hostname, sizeof(hostname) - 1);
	info.hostname = hostname;
	timespec real {}, boot {};
	clock_gettime(CLOCK_REALTIME, &real);
	clock_gettime(CLOCK_BOOTTIME, &boot);
	int64_t now = real.tv_sec * 1000000000ll + real.tv_nsec;
	int64_t up = boot.tv_sec * 1000000000ll + boot.tv_nsec;
	info.boot_ts_epoch = static_cast<uint64_t>(now - up);
	return info;
}

}  // namespace studio::capture
