#!/bin/sh
# The add-on's start script, the container's command (see Dockerfile). The
# Supervisor has written the options to /data/options.json and set
# SUPERVISOR_TOKEN; the companion reads both itself, talks to Home Assistant
# through http://supervisor/core, and keeps its store in /data. exec: the
# companion itself receives the Supervisor's SIGTERM and stops cleanly.
# Node flags as in scripts/build-companion.mjs (COMPANION_NODE_FLAGS).
set -eu
exec node --max-semi-space-size=1 --v8-pool-size=0 "$(dirname "$0")/plaid-balance-companion.mjs" start
