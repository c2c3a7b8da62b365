#!/bin/sh
# Regenerates test/unit/fields/fixtures/sysdig-0.29.3-fields.tsv from the installed sysdig
# (apt-get install sysdig gives 0.29.3 on Debian 12): one line per field, "class<TAB>name<TAB>TYPE",
# in sysdig's order. Descriptions are deliberately dropped: the catalog has its own words.
set -eu
cd "$(dirname "$0")/../.."
out=test/unit/fields/fixtures/sysdig-0.29.3-fields.tsv
version=$(sysdig --version | awk '{print $NF}')
[ "$version" = "0.29.3" ] || { echo "expected sysdig 0.29.3, found $version" >&2; exit 1; }
sysdig --list-markdown 2>/dev/null | awk '
  /^## Field Class: / { cls = $4; next }
  /^`[^`]+` \| [A-Z0-9_]+ \|/ {
    split($0, cells, "|")
    name = cells[1]; gsub(/[` ]/, "", name)
    type = cells[2]; gsub(/ /, "", type)
    printf "%s\t%s\t%s\n", cls, name, type
  }' > "$out"
echo "wrote $out ($(wc -l < "$out") fields)"
