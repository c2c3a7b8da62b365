// Header-phase block parsers. Layouts follow the capture format notes: per-version process
// list fields, v2 entry lengths (PL/FDL/UL count their own 4 bytes, IL does not), the V9
// "more than 29 bytes left" rule, FILE_V2 fds inside v1 fd lists, and entries read while at
// least 4 bytes remain (the rest is padding).
#include "reader/metadata_blocks.h"

#include "reader/block_types.h"
#include "reader/cursor.h"

namespace studio::reader {

namespace {

constexpr size_t MAX_PATH_LEN = 1024;
constexpr size_t MAX_ARGS_LEN = 4096;
constexpr size_t MAX_USER_STR = 256;

bool parse_machine_info(cursor& c, metadata_sink& sink) {
	machine_info mi;
	mi.num_cpus = c.u32();
	mi.memory_size_bytes = c.u64();
	mi.max_pid = c.u64();
	char host[129] = {};
	c.bytes(reinterpret_cast<uint8_t*>(host), 128);
	mi.hostname = host;
	mi.boot_ts_epoch = c.u64();
	if(!c.ok) {
		return false;
	}
	sink.on_machine_info(mi);
	return true;
}

void read_v9_tail(cursor& c, size_t end, thread_record& t) {
	auto fits = [&](size_t n) { return c.ok && c.pos + n <= end; };
	if(end > c.pos && end - c.pos > 29) {
		t.pidns_init_start_ts = c.u64();
		t.tty = c.u32();
	}
	if(fits(4)) t.loginuid = c.u32();
	if(fits(1)) t.exe_writable = c.u8() != 0;
	if(fits(8)) t.cap_inheritable = c.u64();
	if(fits(8)) t.cap_permitted = c.u64();
	if(fits(8)) t.cap_effective = c.u64();
	if(fits(1)) t.exe_upper_layer = c.u8() != 0;
	if(fits(8)) t.exe_ino = c.u64();
	if(fits(8)) t.exe_ino_ctime = c.u64();
	if(fits(8)) t.exe_ino_mtime = c.u64();
	if(fits(1)) t.exe_from_memfd = c.u8() != 0;
	if(fits(1)) t.exe_lower_layer = c.u8() != 0;
	if(fits(8)) t.pgid = c.i64();
}

bool parse_proclist(int version, cursor& c, metadata_sink& sink, std::string& error) {
	while(c.remaining() >= 4) {
		size_t start = c.pos;
		size_t end = c.len;
		if(version == 9) {
			uint32_t entry_len = c.u32();
			if(entry_len < 4 || entry_len > c.len - start) {
				error = "corrupted process list entry length " + std::to_string(entry_len);
				return false;
			}
			end = start + entry_len;
		}
		thread_record t;
		t.tid = c.i64();
		t.pid = c.i64();
		t.ptid = c.i64();
		if(version >= 6) t.sid = c.i64();
		if(version >= 8) t.vpgid = c.i64();
		t.comm = c.lstr(MAX_PATH_LEN);
		t.exe = c.lstr(MAX_PATH_LEN);
		if(version >= 7) t.exepath = c.lstr(MAX_PATH_LEN);
		t.args = c.lstr(MAX_ARGS_LEN);
		t.cwd = c.lstr(MAX_PATH_LEN);
		t.fdlimit = c.u64();
		t.flags = c.u32();
		t.uid = c.u32();
		t.gid = c.u32();
		if(version >= 2) {
			t.vmsize_kb = c.u32();
			t.vmrss_kb = c.u32();
			t.vmswap_kb = c.u32();
			t.pfmajor = c.u64();
			t.pfminor = c.u64();
		}
		if(version >= 3) t.env = c.lstr(MAX_ARGS_LEN);
		if(version >= 4) {
			t.vtid = c.i64();
			t.vpid = c.i64();
			t.cgroups = c.lstr(MAX_ARGS_LEN);
		}
		if(version >= 5) t.root = c.lstr(MAX_PATH_LEN);
		if(version == 9 && c.ok) {
			if(c.pos > end) {
				error = "process list entry longer than its length";
				return false;
			}
			read_v9_tail(c, end, t);
			if(c.ok && c.pos > end) {
				error = "process list entry longer than its length";
				return false;
			}
			c.pos = end;
		}
		if(!c.ok) {
			error = "corrupted process list entry";
			c.pos = start;
			return false;
		}
		sink.on_thread(t);
	}
	return true;
}

bool parse_fd_payload(cursor& c, fd_record& fd, bool v2, size_t end) {
	switch(fd.type) {
	case SCAP_FD_IPV4_SOCK:
		c.bytes(fd.sip, 4);
		c.bytes(fd.dip, 4);
		fd.sport = c.u16();
		fd.dport = c.u16();
		fd.l4proto = c.u8();
		break;
	case SCAP_FD_IPV6_SOCK:
		c.bytes(fd.sip, 16);
		c.bytes(fd.dip, 16);
		fd.sport = c.u16();
		fd.dport = c.u16();
		fd.l4proto = c.u8();
		break;
	case SCAP_FD_IPV4_SERVSOCK:
		c.bytes(fd.dip, 4);
		fd.dport = c.u16();
		fd.l4proto = c.u8();
		break;
	case SCAP_FD_IPV6_SERVSOCK:
		c.bytes(fd.dip, 16);
		fd.dport = c.u16();
		fd.l4proto = c.u8();
		break;
	case SCAP_FD_UNIX_SOCK:
		fd.unix_src = c.u64();
		fd.unix_dst = c.u64();
		fd.name = c.lstr(MAX_PATH_LEN);
		break;
	case SCAP_FD_FILE_V2:
		fd.open_flags = c.u32();
		fd.name = c.lstr(MAX_PATH_LEN);
		if(v2 && c.ok && c.pos + 4 <= end) {
			fd.dev = c.u32();
		}
		break;
	case SCAP_FD_UNKNOWN:
		break;
	default:
		if(fd.type > SCAP_FD_PIDFD) {
			// libscap turns unknown types into UNSUPPORTED and reads no payload.
			fd.name = "unknown-type:[" + std::to_string(fd.type) + "]";
			fd.type = SCAP_FD_UNSUPPORTED;
			break;
		}
		fd.name = c.lstr(MAX_PATH_LEN);
		break;
	}
	return c.ok;
}

bool parse_fdlist(bool v2, cursor& c, metadata_sink& sink, std::string& error) {
	int64_t tid = c.i64();
	if(!c.ok) {
		error = "fd list block too short for its thread id";
		return false;
	}
	while(c.remaining() >= 4) {
		size_t start = c.pos;
		size_t end = c.len;
		if(v2) {
			uint32_t entry_len = c.u32();
			if(entry_len < 4 || entry_len > c.len - start) {
				error = "corrupted fd list entry length " + std::to_string(entry_len);
				return false;
			}
			end = start + entry_len;
		}
		fd_record fd;
		fd.fd = c.i64();
		fd.ino = c.u64();
		fd.type = c.u8();
		if(!parse_fd_payload(c, fd, v2, end) || c.pos > end) {
			error = "corrupted fd list entry";
			c.pos = start;
			return false;
		}
		if(v2) c.pos = end;
		sink.on_fd(tid, fd);
	}
	return true;
}

bool parse_iflist(bool v2, cursor& c, metadata_sink& sink, std::string& error) {
	while(c.remaining() >= 4) {
		size_t start = c.pos;
		size_t end = c.len;
		if(v2) {
			uint32_t entry_len = c.u32();  // does not count its own 4 bytes
			if(entry_len > c.len - c.pos) {
				error = "corrupted interface list entry length " + std::to_string(entry_len);
				return false;
			}
			end = c.pos + entry_len;
		}
		interface_record r;
		uint16_t type = c.u16();
		uint16_t namelen = c.u16();
		if(namelen >= MAX_PATH_LEN) {
			c.ok = false;
		}
		switch(type) {
		case 1:
		case 3:
			c.bytes(r.addr, 4);
			c.bytes(r.netmask, 4);
			c.skip(4);
			if(type == 1) c.skip(8);
			break;
		case 2:
		case 4:
			r.ipv6 = true;
			c.bytes(r.addr, 16);
			c.bytes(r.netmask, 16);
			c.skip(16);
			if(type == 2) c.skip(8);
			break;
		default:
			c.ok = false;
			break;
		}
		if(c.ok && namelen <= c.remaining()) {
			r.name.assign(reinterpret_cast<const char*>(c.data + c.pos), namelen);
			c.pos += namelen;
		} else {
			c.ok = false;
		}
		if(!c.ok || c.pos > end) {
			error = "corrupted interface list";
			c.pos = start;
			return false;
		}
		if(v2) c.pos = end;
		sink.on_interface(r);
	}
	return true;
}

bool parse_userlist(bool v2, cursor& c, metadata_sink& sink, std::string& error) {
	while(c.remaining() >= 4) {
		size_t start = c.pos;
		size_t end = c.len;
		if(v2) {
			uint32_t entry_len = c.u32();
			if(entry_len < 4 || entry_len > c.len - start) {
				error = "corrupted user list entry length " + std::to_string(entry_len);
				return false;
			}
			end = start + entry_len;
		}
		uint8_t type = c.u8();
		if(type == 0) {
			user_record u;
			u.uid = c.u32();
			u.gid = c.u32();
			u.name = c.lstr(MAX_USER_STR);
			u.homedir = c.lstr(MAX_USER_STR);
			u.shell = c.lstr(MAX_USER_STR);
			if(c.ok && c.pos <= end) sink.on_user(u);
		} else {
			group_record g;
			g.gid = c.u32();
			g.name = c.lstr(MAX_USER_STR);
			if(c.ok && c.pos <= end) sink.on_group(g);
		}
		if(!c.ok || c.pos > end) {
			error = "corrupted user list";
			c.pos = start;
			return false;
		}
		if(v2) c.pos = end;
	}
	return true;
}

}  // namespace

bool parse_metadata(uint32_t type, const uint8_t* body, size_t len, metadata_sink& sink,
                    bool& handled, std::string& error, size_t& error_pos) {
	cursor c(body, len);
	handled = true;
	bool ok = true;
	if(type == block::MI || type == block::MI_INT) {
		ok = parse_machine_info(c, sink);
		if(!ok) error = "machine info block too short";
	} else if(int v = block::proclist_version(type); v != 0) {
		ok = parse_proclist(v, c, sink, error);
	} else if(type == block::FDL || type == block::FDL_INT || type == block::FDL_V2) {
		ok = parse_fdlist(type == block::FDL_V2, c, sink, error);
	} else if(type == block::IL || type == block::IL_INT || type == block::IL_V2) {
		ok = parse_iflist(type == block::IL_V2, c, sink, error);
	} else if(type == block::UL || type == block::UL_INT || type == block::UL_V2) {
		ok = parse_userlist(type == block::UL_V2, c, sink, error);
	} else {
		handled = false;
	}
	error_pos = c.pos;
	return ok;
}

}  // namespace studio::reader
