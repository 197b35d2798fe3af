#!/usr/bin/env bash
# `npm run scan`: synthesizes dev and prod (and every rehearsal variant) and runs checkov (pinned in
# requirements-checkov.txt, installed into .cache/venv-checkov by scripts/python-tools.sh checkov) over every stack.
# Exits non-zero on any failed check, and on any file checkov could not parse
# (checkov itself passes those silently). Justified skips live in .checkov.yaml.
set -euo pipefail
cd "$(dirname "$0")/.."

case "${1-}" in
  -h | --help)
    echo 'usage: npm run scan
Synthesizes dev, prod and every rehearsal variant into .cache/scan-out and runs checkov
over every stack; exit 1 on any failed check or file checkov could not parse.
  -h, --help   this text'
    exit 0 ;;
  '') ;;
  *) echo "scan: unexpected argument $1; see --help" >&2; exit 2 ;;
esac

bash scripts/python-tools.sh checkov
venv=.cache/venv-checkov

out=.cache/scan-out
report=.cache/scan-report.json
rm -rf "$out" "$report"
mkdir -p "$out"
CDKTF_OUTDIR="$out/project" MSK_ATHENA_ENVIRONMENTS=dev,prod node bin/synth.mjs
# Every variant the rehearsal validates too: NAT, serverless, existing VPC, adopted clusters.
node scripts/run.mjs cli/scan/synth-variants.ts "$out/variants"
echo "scanning $out with checkov $("$venv/bin/checkov" --version 2>/dev/null)" >&2
# checkov prints Python tracebacks for some parser warnings; they go to a log, the findings to the console.
"$venv/bin/checkov" --config-file .checkov.yaml -d "$out" -o cli -o json --output-file-path "console,$report" 2>.cache/checkov-stderr.log || {
  status=$?
  grep -v '^\s' .cache/checkov-stderr.log | grep -iE 'error' | tail -n 3 >&2 || true
  exit $status
}
"$venv/bin/python" - "$report" <<'PY'
import json, sys
results = json.load(open(sys.argv[1]))
for r in results if isinstance(results, list) else [results]:
    s = r["summary"]
    if s["parsing_errors"] or s["passed"] == 0:
        sys.exit(f"checkov read nothing useful: {s['parsing_errors']} files it could not parse, {s['passed']} checks passed")
PY
