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
python3 -m venv "$venv"
"$venv/bin/pip" install --quiet --disable-pip-version-check -r requirements-ci.txt
cp requirements-ci.txt "$stamp"
