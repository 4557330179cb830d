#!/usr/bin/env bash
# The steps of the emulator variant of the CI/CD example (github-actions-emulator.yml runs each as a
# step; `npm test` runs them too). Each subcommand is one step:
#
#   emulator-pipeline.sh start     start the IoT emulator in the background and wait until it answers
#   emulator-pipeline.sh seed      select the stack, point it at the emulator, seed products.json
#   emulator-pipeline.sh preview   pulumi preview --diff, kept in $CI_WORK/preview.txt (the PR comment)
#   emulator-pipeline.sh up        pulumi up, then a preview that must show no changes
#   emulator-pipeline.sh stop      stop the emulator
#
# Environment: PROGRAM_DIR (default: program/ beside this script, dependencies installed),
# CI_WORK (default .ci-work in the current dir: emulator pid and log, preview.txt), EMULATOR_PORT
# (default 8787), STACK (default ci). Pulumi's own variables (PULUMI_BACKEND_URL,
# PULUMI_CONFIG_PASSPHRASE, …) are the pipeline's; the emulator's keys are its built-in ones.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
PROGRAM_DIR="${PROGRAM_DIR:-${here}/program}"
CI_WORK="${CI_WORK:-${PWD}/.ci-work}"
EMULATOR_PORT="${EMULATOR_PORT:-8787}"
STACK="${STACK:-ci}"
endpoint="http://127.0.0.1:${EMULATOR_PORT}"
mkdir -p "${CI_WORK}"

case "${1:-}" in
  start)
    "${PROGRAM_DIR}/node_modules/.bin/alicloud-iot-emulator" --port "${EMULATOR_PORT}" --quiet >"${CI_WORK}/emulator.log" 2>&1 &
    echo $! >"${CI_WORK}/emulator.pid"
    for _ in $(seq 1 100); do
      if grep -q "listening on" "${CI_WORK}/emulator.log"; then echo "emulator: ${endpoint}"; exit 0; fi
      if ! kill -0 "$(cat "${CI_WORK}/emulator.pid")" 2>/dev/null; then cat "${CI_WORK}/emulator.log" >&2; exit 1; fi
      sleep 0.2
    done
    echo "emulator did not start in 20 s" >&2; cat "${CI_WORK}/emulator.log" >&2; exit 1
    ;;
  seed)
    cd "${PROGRAM_DIR}"
    pulumi stack select --create "${STACK}"
    pulumi config set alicloud-iot:endpoint "${endpoint}"
    pulumi config set alicloud-iot:region cn-shanghai
    pulumi config set --secret alicloud-iot:accessKeyId emulator-key-id
    pulumi config set --secret alicloud-iot:accessKeySecret emulator-key-secret
    ALIBABA_CLOUD_IOT_ENDPOINT="${endpoint}" ALIBABA_CLOUD_REGION=cn-shanghai \
      ALIBABA_CLOUD_ACCESS_KEY_ID=emulator-key-id ALIBABA_CLOUD_ACCESS_KEY_SECRET=emulator-key-secret \
      node "${here}/seed-products.js" "${here}/products.json"
    ;;
  preview)
    cd "${PROGRAM_DIR}"
    pulumi preview --stack "${STACK}" --diff --color never 2>&1 | tee "${CI_WORK}/preview.txt"
    ;;
  up)
    cd "${PROGRAM_DIR}"
    pulumi up --stack "${STACK}" --yes --skip-preview --color never
    pulumi preview --stack "${STACK}" --expect-no-changes --color never
    ;;
  stop)
    if [[ -f "${CI_WORK}/emulator.pid" ]]; then kill "$(cat "${CI_WORK}/emulator.pid")" 2>/dev/null || true; rm -f "${CI_WORK}/emulator.pid"; fi
    ;;
  *)
    echo "usage: $0 start|seed|preview|up|stop" >&2; exit 2
    ;;
esac
