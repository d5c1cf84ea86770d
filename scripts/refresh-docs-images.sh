#!/usr/bin/env bash
# Refreshes the pictures the README shows (docs/chart.png, docs/dashboard.png, docs/aspire-trace.png) from the tests
# that draw them.
# The tests themselves write only under tests/FunctionsMonitor.Tests/TestResults/pictures/, so that running
# `dotnet test` never changes the working tree; this script is the one step that does, on purpose.
set -euo pipefail
cd "$(dirname "$0")/.."
pictures=tests/FunctionsMonitor.Tests/TestResults/pictures
rm -f "$pictures/chart-default.png" "$pictures/dashboard.png" "$pictures/aspire-trace.png"
dotnet test FunctionsMonitor.sln \
  --filter "FullyQualifiedName~Chart_returns_a_1024x512_png_by_default|FullyQualifiedName~The_dashboard_shows_every_apps_bar_and_history_chart|FullyQualifiedName~The_dashboard_shows_a_chart_requests_trace"
cp "$pictures/chart-default.png" docs/chart.png
cp "$pictures/dashboard.png" docs/dashboard.png
cp "$pictures/aspire-trace.png" docs/aspire-trace.png
echo "updated: docs/chart.png docs/dashboard.png docs/aspire-trace.png"
