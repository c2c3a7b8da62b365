#!/bin/sh
# Regenerates the sysdig comparison fixture of the capture tests (needs a built checkout and
# sysdig 0.29.3, `apt-get install -y sysdig`; CI has no sysdig and only reads the result):
#   fixtures/NAME.scap        our capture of a command (cat /etc/hostname; a shell pipeline with
#                             file operations), run with a clean environment
#   fixtures/NAME.sysdig.tsv  `sysdig -r` of it, one line per event, the columns of sysdig.format
# capture.test.ts checks that our reader prints the same columns for every event.
set -eu
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../../.." && pwd)
FORMAT='*%evt.num\t%evt.type\t%evt.dir\t%thread.tid\t%proc.pid\t%proc.name\t%proc.pname\t%proc.exe\t%proc.args\t%proc.cwd\t%fd.num\t%fd.type\t%fd.name\t%evt.res\t%user.name'
# capture NAME COMMAND...: one fixture pair.
capture() {
	name=$1
	shift
	out="$here/fixtures/$name.scap"
	rm -f "$out"
	env -i PATH=/usr/bin:/bin node "$root/out/cli/main.js" capture -o "$out" -- "$@" >/dev/null
	sysdig -r "$out" -p "$FORMAT" > "$here/fixtures/$name.sysdig.tsv"
	echo "wrote $out and its sysdig dump ($(wc -l < "$here/fixtures/$name.sysdig.tsv") events)"
}
capture cat_hostname cat /etc/hostname
capture pipeline sh -c 'cat /etc/hostname | wc -c; mkdir -p /tmp/fs-capture-fixture; cd /tmp/fs-capture-fixture; touch x; mv x y; rm y'
rm -rf /tmp/fs-capture-fixture
printf '%s\n' "$FORMAT" > "$here/fixtures/sysdig.format"
rm -f "$here/fixtures/cat_hostname.format"
