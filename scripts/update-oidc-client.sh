#!/usr/bin/env bash
# Refreshes the OpenID Connect client the pages sign in with (src/CmcmActors.Host/wwwroot/lib/oidc-client-ts/) with npm.
# Usage: scripts/update-oidc-client.sh [version]   (default: 3.5.0, the version the pages are tested with)
# Writes oidc-client-ts.min.js (the browser build: one file, global "oidc", its dependency jwt-decode bundled), LICENSE
# and VERSION; commit the three together.
set -euo pipefail

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
version="${1:-3.5.0}"
target="$root/src/CmcmActors.Host/wwwroot/lib/oidc-client-ts"

if ! command -v npm >/dev/null 2>&1; then
  echo "update-oidc-client.sh: npm is required" >&2
  exit 1
fi

work="$(mktemp -d /tmp/cmcm-oidc-client.XXXXXX)"
trap 'rm -rf "$work"' EXIT
cd "$work"
npm init -y >/dev/null
npm install --no-audit --no-fund --ignore-scripts "oidc-client-ts@$version" >/dev/null

package="$work/node_modules/oidc-client-ts"
installed="$(node -p "require('$package/package.json').version")"
license="$(node -p "require('$package/package.json').license")"
if [[ "$license" != "Apache-2.0" ]]; then
  echo "update-oidc-client.sh: oidc-client-ts $installed is licensed '$license', not Apache-2.0: check it before use" >&2
  exit 1
fi

mkdir -p "$target"
cp "$package/dist/browser/oidc-client-ts.min.js" "$target/oidc-client-ts.min.js"
# The build ends with a source map comment; the map is not shipped, so the comment goes.
sed -i '/^\/\/# sourceMappingURL=/d' "$target/oidc-client-ts.min.js"
cp "$package/LICENSE" "$target/LICENSE"
printf 'oidc-client-ts %s from npm: dist/browser/oidc-client-ts.min.js (license %s)\n' "$installed" "$license" >"$target/VERSION"
echo "update-oidc-client.sh: oidc-client-ts $installed copied to $target"
