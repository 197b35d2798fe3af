#!/usr/bin/env bash
# Creates .cache/venv with the Python tools pinned in requirements-ci.txt
# (checkov for the security scan, moto's server for the Athena CLI tests).
# Idempotent: does nothing when the pinned versions are already there.
set -euo pipefail
cd "$(dirname "$0")/.."
venv=.cache/venv
stamp="$venv/.requirements"
if [ -x "$venv/bin/checkov" ] && [ -x "$venv/bin/moto_server" ] && cmp -s requirements-ci.txt "$stamp"; then
  exit 0
fi
if ! command -v python3 >/dev/null; then
  echo "python3 is not on PATH: the security scan and the Athena CLI tests need Python 3.9+ (checkov, moto from PyPI)" >&2
  exit 1
fi
echo "installing $(grep -cv '^#' requirements-ci.txt) pinned Python tools into $venv (first use only, about a minute): $(tr '\n' ' ' < requirements-ci.txt)" >&2
python3 -m venv "$venv"
log=.cache/pip-install.log
if ! "$venv/bin/pip" install --disable-pip-version-check --progress-bar off -r requirements-ci.txt >"$log" 2>&1; then
  echo "pip could not install requirements-ci.txt; the last lines of $log:" >&2
  tail -n 5 "$log" >&2
  exit 1
fi
cp requirements-ci.txt "$stamp"
echo "Python tools ready" >&2
