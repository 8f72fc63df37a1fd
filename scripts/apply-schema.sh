#!/usr/bin/env bash
# Apply deploy/sql/*.sql (idempotent) to an existing PostgreSQL database.
#   scripts/apply-schema.sh ["Host=..;Port=..;Database=..;Username=..;Password=.."]   (default: $CMCM_POSTGRES)
set -euo pipefail
exec "$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)/postgres.sh" apply-schema "$@"
