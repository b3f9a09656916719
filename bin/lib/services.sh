#!/usr/bin/env bash
# shellcheck disable=SC2154 # ROOT, STATE, SERVICES and the other globals are set by bin/rc, which sources this
# bin/rc's services: ports, JVM options, spawning each service and waiting for its readiness,
# the stack's env file and the summary.


port_var() { printf 'RC_%s_PORT' "$(tr 'a-z-' 'A-Z_' <<<"$1")"; }
url_var() { printf 'RC_%s_URL' "$(tr 'a-z-' 'A-Z_' <<<"$1")"; }
opts_var() { printf 'RC_%s_JAVA_OPTS' "$(tr 'a-z-' 'A-Z_' <<<"$1")"; }

# JVM options of one service: RC_<SERVICE>_JAVA_OPTS (e.g. full JIT for a gateway under load), else RC_JAVA_OPTS
service_java_opts() { # name -> one option per line
  local var value
  var=$(opts_var "$1")
  value=${!var:-}
  if [[ -n $value ]]; then
    tr ' ' '\n' <<<"$value" | grep -v '^$'
  else
    printf '%s\n' "${SERVICE_JAVA_OPTS[@]}"
  fi
}

service_port() { # name default
  local var
  var=$(port_var "$1")
  echo "${!var:-$2}"
}

fail_with_log() { # name message
  local log=$LOGS/$1.log
  {
    printf 'rc: error: %s. Last lines of %s:\n' "$2" "$log"
    tail -n 40 "$log" 2>/dev/null | sed 's/^/    /'
  } >&2
  exit 1
}

# Ready when readiness (or, without probes, health) answers 200; a service without actuator
# counts as ready once it answers HTTP at all.
await_ready() { # name port deadline
  local name=$1 port=$2 deadline=$3 base=http://127.0.0.1:$2 code
  while :; do
    running "$name" >/dev/null || fail_with_log "$name" "$name exited while starting"
    code=$(curl -s -o /dev/null -w '%{http_code}' --max-time 2 "$base/actuator/health/readiness" || true)
    [[ $code == 404 ]] && code=$(curl -s -o /dev/null -w '%{http_code}' --max-time 2 "$base/actuator/health" || true)
    case $code in
      200) return 0 ;;
      404)
        say "$name answers but has no actuator health endpoint; counting it as ready"
        return 0
        ;;
    esac
    ((SECONDS < deadline)) || fail_with_log "$name" "$name was not ready on port $port within ${READY_TIMEOUT} s (last HTTP status: ${code:-none})"
    sleep 1
  done
}

# One service from its jar copy. Its instance id is stable for this state dir, so a restarted
# service takes back its Kafka partitions (static membership) and its deployment leases at once
# instead of after the session or lease timeout; RC_INSTANCE_ID set by hand wins.
spawn_service() { # name port
  local -a opts extra=()
  mapfile -t opts < <(service_java_opts "$1")
  # metrics-service instances forward reads of targets they do not own to the owner's address
  [[ $(service_module "$1") == metrics-service ]] && extra=(RC_METRICS_ADVERTISED_URL="http://127.0.0.1:$2")
  [[ $1 == gateway ]] && extra=(RC_METRICS_SERVICE_URL="$(metrics_urls)")
  spawn "$1" env SERVER_PORT="$2" RC_INSTANCE_ID="${RC_INSTANCE_ID:-$1-$(cksum <<<"$STATE" | cut -d' ' -f1)}" \
    "${extra[@]}" "$JAVA" "${opts[@]}" -jar "$STATE/jars/$1.jar"
}

start_services() {
  local entry name port jar started=()
  for entry in "${SERVICES[@]}"; do # every service learns where the others are
    export "$(url_var "${entry%%:*}")=http://127.0.0.1:$(service_port "${entry%%:*}" "${entry##*:}")"
  done
  for entry in "${SERVICES[@]}"; do
    name=${entry%%:*}
    port=$(service_port "$name" "${entry##*:}")
    if ! jar=$(service_jar "$(service_module "$name")"); then
      say "$name: no jar in $name/target, skipped"
      continue
    fi
    require_free_port "$port" "set $(port_var "$name")"
    # run a copy: a build while the stack runs rewrites target/*.jar, and a Spring Boot jar
    # replaced under a running JVM makes it fail to load classes
    mkdir -p "$STATE/jars"
    cp -f "$jar" "$STATE/jars/$name.jar"
    spawn_service "$name" "$port"
    started+=("$name:$port")
  done
  local deadline=$((SECONDS + READY_TIMEOUT))
  for entry in "${started[@]}"; do
    await_ready "${entry%%:*}" "${entry##*:}" "$deadline"
    say "${entry%%:*} ready on ${entry##*:}"
  done
}

write_stack_env() {
  local entry var
  {
    echo "RC_KAFKA_BOOTSTRAP=$RC_KAFKA_BOOTSTRAP"
    echo "RC_MONGODB_URI=$RC_MONGODB_URI"
    echo "RC_POSTGRES_URL=$RC_POSTGRES_URL"
    echo "RC_REDIS_URL=${RC_REDIS_URL:-}"
    echo "RC_ORCHESTRATOR_OBSERVATION=$RC_ORCHESTRATOR_OBSERVATION"
    echo "RC_RATE_LIMIT_PER_SECOND=${RC_RATE_LIMIT_PER_SECOND:-}"
    echo "RC_DEPLOY_SIMULATED_STEP_DELAY=${RC_DEPLOY_SIMULATED_STEP_DELAY:-}"
    echo "RC_METRICS_INSTANCES=$METRICS_INSTANCES"
    for entry in "${SERVICES[@]}"; do
      var=$(port_var "${entry%%:*}")
      echo "$var=$(service_port "${entry%%:*}" "${entry##*:}")"
    done
  } >"$STACK_ENV"
  chmod 600 "$STACK_ENV"
}

stack_get() {
  [[ -f $STACK_ENV ]] || return 0
  sed -n "s/^$1=//p" "$STACK_ENV" | tail -n 1
}

print_summary() { # start-time
  local entry name port
  echo
  echo "Release Control is up (ready in $(since "$1") s)"
  for entry in "${SERVICES[@]}"; do
    name=${entry%%:*}
    port=$(service_port "$name" "${entry##*:}")
    running "$name" >/dev/null && printf '  %-22s http://127.0.0.1:%s\n' "$name" "$port"
  done
  printf '  %-22s %s\n' "Kafka" "$RC_KAFKA_BOOTSTRAP   (bin/rc topics, bin/rc consume rc.deployments --from-beginning)"
  printf '  %-22s %s\n' "MongoDB" "$(redact "$RC_MONGODB_URI")"
  printf '  %-22s %s\n' "PostgreSQL" "$(redact "$RC_POSTGRES_URL")"
  printf '  %-22s %s\n' "Redis" "${RC_REDIS_URL:-none (in-memory rate limiter)}"
  printf '  %-22s %s\n' "observation window" "$RC_ORCHESTRATOR_OBSERVATION   (RC_ORCHESTRATOR_OBSERVATION; production: PT15M)"
  printf '  %-22s %s\n' "admin API key" "$RC_ADMIN_API_KEY   (header X-API-Key)"
  printf '  %-22s %s\n' "logs" "$LOGS   (bin/rc logs NAME)"
  echo
}
