#!/usr/bin/env bash
# The one test command: builds the solution and runs every test project.
# It installs and starts what the tests need (a throwaway PostgreSQL when the suite needs one) and stops it at the end.
# Usage: scripts/test.sh [extra dotnet test arguments, e.g. --filter FullyQualifiedName~Brochure]
set -euo pipefail

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"
results="$root/artifacts/test-results"
rm -rf "$results"
mkdir -p "$results"

export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1 DOTNET_SKIP_FIRST_TIME_EXPERIENCE=1

if ! command -v dotnet >/dev/null 2>&1; then
  echo "test.sh: the .NET SDK (dotnet) is required; see global.json for the version" >&2
  exit 1
fi

cleanup_steps=()
cleanup() {
  local i
  for ((i = ${#cleanup_steps[@]} - 1; i >= 0; i--)); do
    eval "${cleanup_steps[$i]}" || true
  done
}
trap cleanup EXIT

# PostgreSQL for the grain tests on real storage (skipped with CMCM_TEST_NO_POSTGRES=1, e.g. for a quick domain-only run).
if [[ -x "$root/scripts/postgres.sh" && "${CMCM_TEST_NO_POSTGRES:-0}" != "1" ]]; then
  pgdir="$(mktemp -d /tmp/cmcm-pg.XXXXXX)"
  "$root/scripts/postgres.sh" start "$pgdir" >"$results/postgres.log"
  cleanup_steps+=("'$root/scripts/postgres.sh' stop '$pgdir' >>'$results/postgres.log' 2>&1")
  # shellcheck disable=SC1091
  source "$pgdir/env"
  echo "test.sh: throwaway PostgreSQL started ($pgdir)"
fi

# Chromium for the browser tests: Debian's package (Playwright's own browser download does not work here). Installed
# when missing; skipped with CMCM_TEST_NO_BROWSER=1, and the browser tests then fail with a message saying so.
if [[ ! -x /usr/bin/chromium && "${CMCM_TEST_NO_BROWSER:-0}" != "1" ]]; then
  sudo=()
  if [[ "$(id -u)" -ne 0 ]]; then
    sudo=(sudo -n)
  fi
  echo "test.sh: installing chromium for the browser tests (log: $results/chromium-install.log)"
  if ! { "${sudo[@]}" apt-get update && "${sudo[@]}" env DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends chromium; } \
    >"$results/chromium-install.log" 2>&1; then
    echo "test.sh: installing chromium failed; see $results/chromium-install.log" >&2
    exit 1
  fi
fi

# The OpenID provider the sign-in tests start (tests/oidc-provider: oidc-provider from npm, pinned by its lock file).
# Installed here; a test project run alone installs it itself the first time (OidcProvider.StartAsync).
if command -v npm >/dev/null 2>&1; then
  if ! (cd "$root/tests/oidc-provider" && npm ci --no-audit --no-fund) >"$results/oidc-provider-install.log" 2>&1; then
    echo "test.sh: npm ci in tests/oidc-provider failed; see $results/oidc-provider-install.log" >&2
    exit 1
  fi
else
  echo "test.sh: npm (Node.js) is needed for the sign-in tests' OpenID provider" >&2
  exit 1
fi

# Screenshots the browser tests take: kept after the run for a person to look at.
export CMCM_SCREENSHOTS="$root/artifacts/screenshots"
rm -rf "$CMCM_SCREENSHOTS"
mkdir -p "$CMCM_SCREENSHOTS"

if ! dotnet build CmcmActors.sln -c Release -warnaserror >"$results/build.log" 2>&1; then
  grep -E ': (error|warning) ' "$results/build.log" | sort -u >&2 || tail -n 40 "$results/build.log" >&2
  echo "test.sh: the build failed; full log: $results/build.log" >&2
  exit 1
fi
echo "test.sh: built ($(grep -cE 'warning ' "$results/build.log" || true) warning lines; log: $results/build.log)"

# The OpenAPI document, as a test host serves it, is written here by OpenApiContractTests.Document_WrittenForTheLinter
# and linted after the tests (below).
openapi_document="$root/artifacts/openapi/v1.json"
rm -f "$openapi_document"
export CMCM_OPENAPI_OUT="$openapi_document"

status=0
dotnet test CmcmActors.sln -c Release --no-build \
  --logger "trx" --logger "console;verbosity=minimal" \
  --results-directory "$results" "$@" || status=$?

# The OpenAPI document linted with Redocly's recommended rules (redocly.yaml): 0 errors and 0 warnings, or it fails. It
# counts as one test in the closing line; skipped with CMCM_TEST_NO_LINT=1, or when the tests were filtered and none
# wrote the document.
redocly_version="2.77.0"
lint_passed=0 lint_failed=0
if [[ "${CMCM_TEST_NO_LINT:-0}" != "1" && -f "$openapi_document" ]]; then
  if ! command -v npx >/dev/null 2>&1; then
    lint_failed=1
    status=1
    echo "test.sh: npx (Node.js) is needed to lint the OpenAPI document; CMCM_TEST_NO_LINT=1 skips it" >&2
  elif npx --yes "@redocly/cli@$redocly_version" lint --config "$root/redocly.yaml" --format stylish "$openapi_document" \
    >"$results/openapi-lint.log" 2>&1 && ! grep -qE '^\s+[0-9]+:[0-9]+\s+(error|warning)\s' "$results/openapi-lint.log"; then
    lint_passed=1
    echo "openapi lint: $(grep -E 'valid|Woohoo|warning' "$results/openapi-lint.log" | tail -n 1 | sed 's/^ *//') (redocly $redocly_version)"
  else
    lint_failed=1
    status=1
    grep -E '^\s+[0-9]+:[0-9]+\s+(error|warning)\s|Validation failed' "$results/openapi-lint.log" >&2 || tail -n 30 "$results/openapi-lint.log" >&2
    echo "test.sh: the OpenAPI document does not lint clean; log: $results/openapi-lint.log, document: $openapi_document" >&2
  fi
fi

# The load tool's smoke burst: a few seconds through the HTTP API with live subscribers, on its own PostgreSQL and
# host; its audit must pass (skipped with CMCM_TEST_NO_SMOKE=1). It counts as one test in the closing line.
smoke_passed=0 smoke_failed=0
if [[ "${CMCM_TEST_NO_SMOKE:-0}" != "1" ]]; then
  if "$root/scripts/loadtest.sh" --smoke >"$results/load-smoke.log" 2>&1; then
    smoke_passed=1
    grep -E '^(throughput|decision latency|lifecycle|push latency|audit):' "$results/load-smoke.log" | sed 's/^/load smoke: /'
  else
    smoke_failed=1
    status=1
    tail -n 30 "$results/load-smoke.log" >&2
    echo "test.sh: the load smoke burst failed; log: $results/load-smoke.log" >&2
  fi
fi

# The fault tests (scripts/faults.sh): a cluster of three hosts, the same claim on every host, PostgreSQL restarted and
# a host killed in the middle of bursts (about 4 minutes; skipped with CMCM_TEST_NO_FAULTS=1). Each of its checks counts
# as one test in the closing line.
faults_passed=0 faults_failed=0
if [[ "${CMCM_TEST_NO_FAULTS:-0}" != "1" ]]; then
  faults_status=0
  "$root/scripts/faults.sh" >"$results/faults.log" 2>&1 || faults_status=$?
  if [[ $faults_status -ne 0 ]]; then
    status=1
    tail -n 40 "$results/faults.log" >&2
    echo "test.sh: the fault tests failed; log: $results/faults.log, reports: artifacts/faults/" >&2
  fi
  faults_passed="$(grep -c '^  ok: ' "$results/faults.log" || true)"
  faults_failed="$(grep -c '^  FAILED: ' "$results/faults.log" || true)"
  if [[ $faults_status -ne 0 && $faults_failed -eq 0 ]]; then
    faults_failed=1  # it stopped before its checks (the cluster did not start, a burst did not begin)
  fi
  grep -E '^faults.sh: [0-9]\.|^  (throughput|faults|push reconnects|push gaps|audit):' "$results/faults.log" | sed 's/^/faults: /'
fi

# One closing line for every test project together: "N passed, N failed".
passed=$((lint_passed + smoke_passed + faults_passed)) failed=$((lint_failed + smoke_failed + faults_failed)) skipped=0
for trx in "$results"/*.trx; do
  [[ -f "$trx" ]] || continue
  counters="$(grep -o '<Counters [^>]*' "$trx" | head -n 1)"
  p="$(sed -n 's/.* passed="\([0-9]*\)".*/\1/p' <<<"$counters")"
  f="$(sed -n 's/.* failed="\([0-9]*\)".*/\1/p' <<<"$counters")"
  t="$(sed -n 's/.* total="\([0-9]*\)".*/\1/p' <<<"$counters")"
  e="$(sed -n 's/.* executed="\([0-9]*\)".*/\1/p' <<<"$counters")"
  passed=$((passed + ${p:-0})); failed=$((failed + ${f:-0})); skipped=$((skipped + ${t:-0} - ${e:-0}))
done
echo "${passed} passed, ${failed} failed, ${skipped} skipped"
if [[ $status -eq 0 && $passed -eq 0 ]]; then
  echo "test.sh: no test ran" >&2
  status=1
fi
exit $status
