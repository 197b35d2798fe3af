#!/usr/bin/env bash
# usage: bash scripts/python-tools.sh [moto|checkov]
# Creates the Python environment of one tool set, pinned in its requirements file,
# and shows pip's progress:
#   moto     (default) .cache/venv          requirements-moto.txt     moto's server: local Glue, rehearsal, tests
#   checkov             .cache/venv-checkov requirements-checkov.txt  the security scan only
# Apart, so `npm run kafka:up` and the tests never install checkov (about 500 MB).
# Idempotent: does nothing when the pinned versions are already there.
# MSK_ATHENA_PYTHON_TOOLS_DIR puts the environments elsewhere than .cache (the bench times fresh ones).
set -euo pipefail
cd "$(dirname "$0")/.."

dir=${MSK_ATHENA_PYTHON_TOOLS_DIR:-.cache}
case "${1-moto}" in
  moto) venv=$dir/venv; requirements=requirements-moto.txt; tool=moto_server; use='the local Glue registry, the deploy rehearsal and the tests' ;;
  checkov) venv=$dir/venv-checkov; requirements=requirements-checkov.txt; tool=checkov; use='the security scan' ;;
  -h | --help)
    sed -n '2,9p' "$0" | sed 's/^# \{0,1\}//'
    exit 0 ;;
  *) echo "python-tools: unknown tool set \"$1\"; expected moto or checkov" >&2; exit 2 ;;
esac

stamp="$venv/.requirements"
if [ -x "$venv/bin/$tool" ] && cmp -s "$requirements" "$stamp"; then
  exit 0
fi
if ! command -v python3 >/dev/null; then
  echo "python3 is not on PATH: $use need Python 3.9+ ($(grep -v '^#' "$requirements" | tr '\n' ' ')from PyPI)" >&2
  exit 1
fi
pins=$(grep -v '^#' "$requirements" | tr '\n' ' ')
echo "installing ${pins}into $venv for $use (first use only)" >&2
started=$SECONDS
[ -x "$venv/bin/pip" ] || python3 -m venv "$venv"
log="$dir/pip-install-$(basename "$venv").log"
# Every line goes to the log; the packages being fetched and installed to the console, as they happen
# (unbuffered: into a pipe Python would otherwise hold them back and print them in bursts).
# pip says nothing while it resolves and unpacks (half a minute at times): a line every 10 s says it is at work.
(while sleep 10; do echo "  pip: ... still installing, $((SECONDS - started)) s" >&2; done) &
heartbeat=$!
trap 'kill "$heartbeat" 2>/dev/null || true' EXIT
set +e
PYTHONUNBUFFERED=1 "$venv/bin/pip" install --disable-pip-version-check --progress-bar off -r "$requirements" 2>&1 \
  | tee "$log" | awk '/^(Collecting|Installing collected|Successfully installed)/ { sub(/ \(from .*/, ""); print "  pip: " $0; fflush() }' >&2
status=${PIPESTATUS[0]}
kill "$heartbeat" 2>/dev/null || true
set -e
if [ "$status" -ne 0 ]; then
  echo "pip could not install $requirements; the last lines of $log:" >&2
  tail -n 5 "$log" >&2
  exit 1
fi
cp "$requirements" "$stamp"
echo "$tool ready in $venv ($((SECONDS - started)) s)" >&2
