#!/usr/bin/env bash
# Writes test/fixtures/captures/oracle-extra/<name>.tsv: more field columns than the shared
# 13-column oracle, dumped by the installed sysdig (0.29.3, `apt-get install -y sysdig`), for
# every fixture capture sysdig can open (not curl_google_comments: SHB options). The column list
# is the first line of COLUMNS. Used by test/integration/engine/oracle-extra.test.ts; rerun it
# only with sysdig 0.29.3, and commit the output.
set -euo pipefail
cd "$(dirname "$0")/../../test/fixtures/captures"
out=oracle-extra
mkdir -p "$out"
cols="evt.num proc.pid proc.ppid proc.exe proc.args proc.cwd proc.aname[1] proc.aname[2] proc.apid[1] user.uid group.name container.id fd.typechar fd.directory fd.filename fd.l4proto fd.cip fd.sip fd.cport fd.sport fd.lip fd.rip fd.lport fd.rport fd.sockfamily fd.is_server evt.is_open_read evt.is_open_write evt.rawres evt.failed thread.ismain proc.vpid evt.cpu fd.connected proc.sid proc.tty user.loginuid"
echo "$cols" > "$out/COLUMNS"
fmt="*$(for c in $cols; do printf '%%%s\\t' "$c"; done)"
fmt="${fmt%\\t}"
sysdig --version > "$out/SYSDIG_VERSION"
for f in *.scap; do
  [ "$f" = curl_google_comments.scap ] && continue
  sysdig -r "$f" -p "$fmt" > "$out/${f%.scap}.tsv"
done
