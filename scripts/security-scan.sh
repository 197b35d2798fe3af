#!/usr/bin/env bash
# `npm run scan`: synthesizes dev and prod and runs checkov (pinned in
# requirements-ci.txt, installed into .cache/venv by scripts/python-tools.sh) over every stack.
# Exits non-zero on any failed check; justified skips live in .checkov.yaml.
set -euo pipefail
cd "$(dirname "$0")/.."

bash scripts/python-tools.sh
venv=.cache/venv

out=.cache/scan-out
rm -rf "$out"
CDKTF_OUTDIR="$out" MSK_ATHENA_ENVIRONMENTS=dev,prod node --import tsx main.ts
"$venv/bin/checkov" --config-file .checkov.yaml -d "$out"
