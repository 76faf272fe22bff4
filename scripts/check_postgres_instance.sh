#!/usr/bin/env bash
# Manual, repeatable check of the Dagster instance on PostgreSQL: starts a throwaway server on
# 127.0.0.1 (Debian's postgresql package; installed here if missing), runs build_release with
# deploy/dagster.postgres.yaml, and checks the run and its check results landed in the database.
set -euo pipefail
cd "$(dirname "$0")/.."
if ! command -v initdb >/dev/null && ! ls /usr/lib/postgresql/*/bin/initdb >/dev/null 2>&1; then
    apt-get update -qq && apt-get install -y -qq postgresql >/dev/null
fi
exec .venv/bin/pytest -q -rs tests/ops/test_postgres_instance.py "$@"
