#!/usr/bin/env bash
# Installs the native tools the system and its tests run, into .tools/bin, unless they are already
# on PATH or there. Idempotent and quiet when there is nothing to do.
#   temporal     Temporal CLI (dev server + Web UI)      go install github.com/temporalio/cli/cmd/temporal@v1.5.1
#   stripe-mock  Stripe's API mock                       go install github.com/stripe/stripe-mock@v0.197.0
#   gofakes3     S3-compatible server (DocumentStore)    go install github.com/johannesboyne/gofakes3/cmd/gofakes3@v1.2.0
set -euo pipefail
cd "$(dirname "$0")/.."
BIN="$PWD/.tools/bin"
mkdir -p "$BIN"

install_go_tool() {
  local name="$1" module="$2"
  if [ -x "$BIN/$name" ] || command -v "$name" >/dev/null 2>&1; then return 0; fi
  if ! command -v go >/dev/null 2>&1; then
    echo "install-tools: Go is not installed, so $name cannot be built here." >&2
    echo "  Install Go (https://go.dev/dl/) and re-run, or put a $name binary on PATH." >&2
    [ "$name" = temporal ] && echo "  (npm start can also use the Temporal SDK's cached dev-server download: set TEMPORAL_CLI_DOWNLOAD=1.)" >&2
    return 1
  fi
  echo "install-tools: building $name ($module); the first build takes a few minutes..."
  GOBIN="$BIN" GOFLAGS=-mod=mod go install "$module"
}

install_go_tool temporal github.com/temporalio/cli/cmd/temporal@v1.5.1
install_go_tool stripe-mock github.com/stripe/stripe-mock@v0.197.0
install_go_tool gofakes3 github.com/johannesboyne/gofakes3/cmd/gofakes3@v1.2.0

# Meilisearch: no registry ships it; the shared folder beside the checkout carries a real server built from source
# (../shared/bin/meilisearch.gz, see its README). Unpacked once, after checking its SHA-256. Without it the tests of
# the Meilisearch adapter skip with a printed reason.
SHARED_MEILI="$PWD/../shared/bin/meilisearch.gz"
if [ ! -x "$BIN/meilisearch" ] && ! command -v meilisearch >/dev/null 2>&1 && [ -f "$SHARED_MEILI" ]; then
  if (cd "$(dirname "$SHARED_MEILI")" && sha256sum -c --quiet meilisearch.gz.sha256); then
    echo "install-tools: unpacking Meilisearch from $SHARED_MEILI"
    gunzip -c "$SHARED_MEILI" > "$BIN/meilisearch.tmp" && chmod +x "$BIN/meilisearch.tmp" && mv "$BIN/meilisearch.tmp" "$BIN/meilisearch"
  else
    echo "install-tools: $SHARED_MEILI does not match its SHA-256; not installed" >&2
  fi
fi
