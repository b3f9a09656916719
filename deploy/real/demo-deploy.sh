#!/usr/bin/env bash
# The deploy script of the demo with real traffic (bin/rc demo --real, e2e RealTrafficIT): deploy-service
# runs it for each deploy, traffic and promotion step of an application its router routes, and it
# installs RC_VERSION on the servers the router names (docs/api/deployments.md, "Executors"):
#   DEPLOY of a canary  -> the canary server (RC_ROUTER_CANARY)
#   PROMOTE             -> the stable server (RC_ROUTER_STABLE), before the router moves the traffic back
#   DEPLOY otherwise    -> every server (a rolling deployment or rollback replaces them all)
# Traffic steps move nothing here: the router did it before the script runs.
# "Installing" is the demo server's POST /_install (io.releasecontrol.demo.real.DemoVersion); a real
# script would copy the build to the host and restart the service there.
set -euo pipefail

case "${RC_STEP_KIND:?deploy-service sets RC_STEP_KIND}" in
  DEPLOY)
    if [[ ${RC_STRATEGY:-} == canary ]]; then
      read -r -a servers <<<"${RC_ROUTER_CANARY:-}"
    else
      read -r -a servers <<<"${RC_ROUTER_STABLE:-} ${RC_ROUTER_CANARY:-}"
    fi
    ;;
  PROMOTE) read -r -a servers <<<"${RC_ROUTER_STABLE:-}" ;;
  *)
    echo "${RC_STEP}: the router moved the traffic (canary weight ${RC_WEIGHT:-?})"
    exit 0
    ;;
esac
if [[ ${#servers[@]} -eq 0 ]]; then
  echo "${RC_STEP}: no router routes ${RC_APPLICATION} in ${RC_ENVIRONMENT}: nothing to install"
  exit 0
fi
for server in "${servers[@]}"; do
  echo "${RC_STEP}: installing ${RC_VERSION} on ${server}"
  # --fail-with-body: a refused install fails the step with the server's reason
  curl --silent --show-error --fail-with-body --max-time 10 -X POST "http://${server}/_install?version=${RC_VERSION}"
done
