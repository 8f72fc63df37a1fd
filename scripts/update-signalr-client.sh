#!/usr/bin/env bash
# Refreshes the SignalR browser client the pages use (src/CmcmActors.Host/wwwroot/lib/signalr/) with npm.
# Usage: scripts/update-signalr-client.sh [version]   (default: the newest 10.x, the line of the server)
# Writes signalr.min.js, LICENSE and VERSION; commit the three together.
set -euo pipefail

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
version="${1:-^10}"
target="$root/src/CmcmActors.Host/wwwroot/lib/signalr"

if ! command -v npm >/dev/null 2>&1; then
  echo "update-signalr-client.sh: npm is required" >&2
  exit 1
fi

work="$(mktemp -d /tmp/cmcm-signalr.XXXXXX)"
trap 'rm -rf "$work"' EXIT
cd "$work"
npm init -y >/dev/null
npm install --no-audit --no-fund --ignore-scripts "@microsoft/signalr@$version" >/dev/null

package="$work/node_modules/@microsoft/signalr"
installed="$(node -p "require('$package/package.json').version")"
license="$(node -p "require('$package/package.json').license")"
mkdir -p "$target"
cp "$package/dist/browser/signalr.min.js" "$target/signalr.min.js"

shipped="$(find "$package" -maxdepth 1 -iname 'LICENSE*' | head -n 1)"
if [[ -n "$shipped" ]]; then
  cp "$shipped" "$target/LICENSE"
elif [[ "$license" == "MIT" ]]; then
  # The npm package declares MIT in package.json but ships no license file: write the text of the
  # dotnet/aspnetcore repository it is built from.
  cat >"$target/LICENSE" <<'MIT'
The MIT License (MIT)

Copyright (c) .NET Foundation and Contributors

All rights reserved.

Permission is hereby granted, free of charge, to any person obtaining a copy
of this software and associated documentation files (the "Software"), to deal
in the Software without restriction, including without limitation the rights
to use, copy, modify, merge, publish, distribute, sublicense, and/or sell
copies of the Software, and to permit persons to whom the Software is
furnished to do so, subject to the following conditions:

The above copyright notice and this permission notice shall be included in all
copies or substantial portions of the Software.

THE SOFTWARE IS PROVIDED "AS IS", WITHOUT WARRANTY OF ANY KIND, EXPRESS OR
IMPLIED, INCLUDING BUT NOT LIMITED TO THE WARRANTIES OF MERCHANTABILITY,
FITNESS FOR A PARTICULAR PURPOSE AND NONINFRINGEMENT. IN NO EVENT SHALL THE
AUTHORS OR COPYRIGHT HOLDERS BE LIABLE FOR ANY CLAIM, DAMAGES OR OTHER
LIABILITY, WHETHER IN AN ACTION OF CONTRACT, TORT OR OTHERWISE, ARISING FROM,
OUT OF OR IN CONNECTION WITH THE SOFTWARE OR THE USE OR OTHER DEALINGS IN THE
SOFTWARE.
MIT
else
  echo "update-signalr-client.sh: @microsoft/signalr $installed is licensed '$license', not MIT: check it before use" >&2
  exit 1
fi

printf '@microsoft/signalr %s from npm: dist/browser/signalr.min.js (license %s)\n' "$installed" "$license" >"$target/VERSION"
echo "update-signalr-client.sh: @microsoft/signalr $installed copied to $target"
