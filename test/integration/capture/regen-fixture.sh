#!/bin/sh
# Regenerates the sysdig comparison fixture of the capture tests (needs a built checkout and
# sysdig 0.29.3, `apt-get install -y sysdig`; CI has no sysdig and only reads the result):
#   fixtures/cat_hostname.scap        our capture of `cat /etc/hostname`, clean environment
#   fixtures/cat_hostname.sysdig.tsv  `sysdig -r` of it, one line per event, FORMAT columns
# capture.test.ts checks that our reader prints the same columns for every event.
set -eu
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../../.." && pwd)
FORMAT='*%evt.num\t%evt.type\t%evt.dir\t%thread.tid\t%proc.pid\t%proc.name\t%proc.pname\t%proc.exe\t%proc.args\t%proc.cwd\t%fd.num\t%fd.type\t%fd.name\t%evt.res\t%user.name'
out="$here/fixtures/cat_hostname.scap"
rm -f "$out"
env -i PATH=/usr/bin:/bin node "$root/out/cli/main.js" capture -o "$out" -- cat /etc/hostname >/dev/null
sysdig -r "$out" -p "$FORMAT" > "$here/fixtures/cat_hostname.sysdig.tsv"
printf '%s\n' "$FORMAT" > "$here/fixtures/cat_hostname.format"
echo "wrote $out and its sysdig dump ($(wc -l < "$here/fixtures/cat_hostname.sysdig.tsv") events)"
