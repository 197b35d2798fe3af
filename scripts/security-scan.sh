#!/usr/bin/env bash
# `npm run scan`: synthesizes dev and prod and runs checkov (pinned in
# requirements-ci.txt, installed into .cache/venv on first use) over every stack.
# Exits non-zero on any failed check; justified skips live in .checkov.yaml.
set -euo pipefail
cd "$(dirname "$0")/.."

venv=.cache/venv
want=$(sed -n 's/^checkov==//p' requirements-ci.txt)
if [ ! -x "$venv/bin/checkov" ] || [ "$("$venv/bin/checkov" --version 2>/dev/null)" != "$want" ]; then
  python3 -m venv "$venv"
  "$venv/bin/pip" install --quiet --disable-pip-version-check -r requirements-ci.txt
fi

out=.cache/scan-out
rm -rf "$out"
CDKTF_OUTDIR="$out" MSK_ATHENA_ENVIRONMENTS=dev,prod node --import tsx main.ts
"$venv/bin/checkov" --config-file .checkov.yaml -d "$out"
