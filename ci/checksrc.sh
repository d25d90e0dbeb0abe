#!/usr/bin/env bash
# Rejects calls that format or copy without a bound, or parse numbers
# without checking them (after curl's list of banned functions).
set -euo pipefail
cd "$(dirname "$0")/.."

banned='\b(sprintf|vsprintf|strcpy|strcat|strncpy|gets|strtok|atoi|atol|atoll|system)[[:space:]]*\('
if grep -rnE "$banned" --include='*.c' --include='*.h' harness probes reports tests; then
	echo "ci/checksrc.sh: banned call above; use the bounded alternatives" >&2
	exit 1
fi
# The probe SDK must not leak third-party types into plug-ins.
if grep -nE '#include <(jansson|archive|curl|openssl)' harness/include/assay/*.h; then
	echo "ci/checksrc.sh: a public header includes a third-party library" >&2
	exit 1
fi
# Probes see only the SDK.
if grep -rnE '#include "(\.\./)*(harness|reports)/' probes; then
	echo "ci/checksrc.sh: a probe includes harness internals" >&2
	exit 1
fi
echo "ci/checksrc.sh: ok"
