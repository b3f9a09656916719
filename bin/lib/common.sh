#!/usr/bin/env bash
# shellcheck disable=SC2154 # ROOT, STATE, SERVICES and the other globals are set by bin/rc, which sources this
# bin/rc's plumbing: messages, ports, pid files, spawning and stopping processes, the build and
# the deploy module's classpath, secrets.

say() { printf 'rc: %s\n' "$*"; }
die() { printf 'rc: error: %s\n' "$*" >&2; exit 1; }

now() { local t=${EPOCHREALTIME:-$SECONDS}; echo "${t/,/.}"; }
since() { awk -v a="$1" -v b="$(now)" 'BEGIN { printf "%.1f", b - a }'; }

# True when something accepts TCP connections on host:port.
port_open() {
  if command -v timeout >/dev/null; then
    # shellcheck disable=SC2016 # $0 and $1 are the inner shell's arguments
    timeout 2 bash -c ': <"/dev/tcp/$0/$1"' "$1" "$2" 2>/dev/null
  else
    (: <"/dev/tcp/$1/$2") 2>/dev/null
  fi
}

require_free_port() { # port what-to-set
  if port_open 127.0.0.1 "$1"; then
    die "port $1 on 127.0.0.1 is taken by another process; stop it or $2"
  fi
}

redact() { sed -E 's#://([^:@/]+):[^@/]*@#://\1:***@#' <<<"$1"; }

# --- processes -------------------------------------------------------------------------------

pid_file() { echo "$STATE/$1.pid"; }

# Prints the pid of a running process of ours; fails if it is not running. The command line must
# mention java, so a pid file left from before a reboot never points at somebody else's process.
running() {
  local file pid info
  file=$(pid_file "$1")
  [[ -s $file ]] || return 1
  pid=$(<"$file")
  info=$(ps -p "$pid" -o stat= -o args= 2>/dev/null) || return 1
  [[ $info != Z* && $info == *java* ]] || return 1
  echo "$pid"
}

# Starts a command in the background in its own session (so a Ctrl-C reaches only this script,
# which then stops everything in order), logging to $LOGS/NAME.log; the process writes its own pid.
spawn() {
  local name=$1 log=$LOGS/$1.log pidf i
  shift
  pidf=$(pid_file "$name")
  rm -f "$pidf"
  [[ -f $log ]] && mv -f "$log" "$log.1"
  local launcher=()
  command -v setsid >/dev/null && launcher=(setsid)
  # shellcheck disable=SC2016 # $$, $0 and $@ belong to the inner shell, which execs the command
  "${launcher[@]}" bash -c 'echo $$ >"$0"; exec "$@"' "$pidf" "$@" >"$log" 2>&1 </dev/null &
  STARTED+=("$name")
  for i in $(seq 1 50); do
    [[ -s $pidf ]] && return 0
    sleep 0.1
  done
  die "$name did not start (see $log)"
}

# Stops processes by name: TERM to all at once, then waits up to GRACE seconds, then KILL.
stop_all() { # grace names...
  local grace=$1 name pid deadline left
  shift
  local pids=() names=()
  for name in "$@"; do
    if pid=$(running "$name"); then
      kill -TERM "$pid" 2>/dev/null || true
      pids+=("$pid")
      names+=("$name")
    fi
    rm -f "$(pid_file "$name")"
  done
  ((${#pids[@]})) || return 0
  say "stopping ${names[*]}"
  deadline=$((SECONDS + grace))
  while :; do
    left=()
    for pid in "${pids[@]}"; do
      kill -0 "$pid" 2>/dev/null && [[ $(ps -p "$pid" -o stat= 2>/dev/null) != Z* ]] && left+=("$pid")
    done
    ((${#left[@]})) || return 0
    if ((SECONDS >= deadline)); then
      say "still running after ${grace}s, killing: ${left[*]}"
      kill -KILL "${left[@]}" 2>/dev/null || true
      sleep 0.5
      return 0
    fi
    sleep 0.3
  done
}

service_names() { local e; for e in "${SERVICES[@]}"; do echo "${e%%:*}"; done; }

# RC_METRICS_INSTANCES (1..6; default: what the running stack has, else 1) metrics-service
# instances: metrics-service, metrics-service-2 on port+10, ... They share rc.metric-samples'
# partitions; the gateway balances over all of them, the other services call the first.
add_metrics_instances() {
  local n=${RC_METRICS_INSTANCES:-$(stack_get RC_METRICS_INSTANCES)} i base entry rest=()
  n=${n:-1}
  [[ $n =~ ^[1-6]$ ]] || die "RC_METRICS_INSTANCES must be 1 to 6 (got '$n')"
  # shellcheck disable=SC2034 # written to the stack's env file by write_stack_env (bin/lib/services.sh)
  METRICS_INSTANCES=$n
  ((n > 1)) || return 0
  base=$(service_port metrics-service 8083)
  for entry in "${SERVICES[@]}"; do
    [[ $entry == gateway:* ]] && continue
    rest+=("$entry")
  done
  for ((i = 2; i <= n; i++)); do
    rest+=("metrics-service-$i:$((base + 10 * (i - 1)))")
  done
  SERVICES=("${rest[@]}" "gateway:$(service_port gateway 8080)")
}

# The module a service runs: metrics-service-2 runs metrics-service's jar.
service_module() { sed -E 's/^(metrics-service)-[0-9]+$/\1/' <<<"$1"; }

# Every metrics-service instance's URL, comma-separated (the gateway's RC_METRICS_SERVICE_URL).
metrics_urls() {
  local entry urls=()
  for entry in "${SERVICES[@]}"; do
    [[ $(service_module "${entry%%:*}") == metrics-service ]] || continue
    urls+=("http://127.0.0.1:$(service_port "${entry%%:*}" "${entry##*:}")")
  done
  (IFS=,; echo "${urls[*]}")
}

# Services first (gateway before the ones it fronts), then the broker, then MongoDB.
stop_stack() { # names started, in start order
  local name services=() infra=() i
  for ((i = $# ; i >= 1 ; i--)); do
    name=${!i}
    case $name in
      kafka | mongo) infra+=("$name") ;;
      *) services+=("$name") ;;
    esac
  done
  ((${#services[@]})) && stop_all 30 "${services[@]}"
  [[ " ${infra[*]} " == *" kafka "* ]] && stop_all 30 kafka
  [[ " ${infra[*]} " == *" mongo "* ]] && stop_all 10 mongo
  stop_postgres_if_ours
  return 0
}

# --- build -----------------------------------------------------------------------------------

service_jar() { # module -> its Spring Boot jar
  local f
  for f in "$ROOT/$1/target/$1"-*.jar; do
    case $f in *-tests.jar | *-sources.jar | *-javadoc.jar | *-plain.jar) continue ;; esac
    [[ -f $f ]] && { echo "$f"; return 0; }
  done
  return 1
}

mvn() { (cd "$ROOT" && ./mvnw -B -q "${MAVEN_ARGS[@]}" "$@"); }

deploy_built() { [[ -f $ROOT/deploy/target/classes/io/releasecontrol/localstack/CreateTopics.class ]]; }

ensure_built() { # force(0|1)
  local force=$1 name missing=()
  for name in $(service_names); do
    service_jar "$(service_module "$name")" >/dev/null || missing+=("$(service_module "$name")")
  done
  deploy_built || missing+=(deploy)
  if ((force)) || ((${#missing[@]})); then
    say "building (./mvnw -B -q package -DskipTests)${missing[*]:+; missing: ${missing[*]}}"
    mvn package -DskipTests || die "the build failed; fix it or build by hand, then run bin/rc up again"
  fi
  ensure_classpath "$force"
}

# The deploy module's runtime classpath, resolved by Maven once and kept in the state dir.
# Resolved in a reactor build of deploy and the modules it needs (-am, up to compile), so
# common-events and common-runtime come from this checkout's target/classes, not from the local
# Maven repository: `./mvnw verify` installs nothing there (a fresh clone has none of this
# project's jars), and a SNAPSHOT another checkout installed must not stand in for this one's.
ensure_classpath() { # force(0|1)
  if [[ $1 == 1 || ! -s $CLASSPATH_FILE || $ROOT/deploy/pom.xml -nt $CLASSPATH_FILE || $ROOT/pom.xml -nt $CLASSPATH_FILE ]] \
    || ! deploy_built || ! classpath_present; then
    say "resolving the deploy module's classpath (./mvnw -B -q -pl deploy -am compile dependency:build-classpath)"
    mkdir -p "$STATE"
    # every module of the -am reactor writes the file; deploy comes last, so its classpath stays
    mvn -pl deploy -am compile dependency:build-classpath -Dmdep.outputFile="$CLASSPATH_FILE" \
      || die "could not resolve the deploy module's classpath"
  fi
  CP="$ROOT/deploy/target/classes:$(<"$CLASSPATH_FILE")"
}

# True when every entry of the kept classpath still exists (a `mvn clean` removes the reactor's
# target/classes it names).
classpath_present() {
  local entry entries
  IFS=: read -r -a entries <"$CLASSPATH_FILE"
  for entry in "${entries[@]}"; do
    [[ -e $entry ]] || return 1
  done
}

# Runs a one-shot helper of the deploy module; its diagnostics go to setup.log.
helper() { # main-class args...
  local class=$1
  shift
  if ! "$JAVA" "${QUIET[@]}" -cp "$CP" "io.releasecontrol.localstack.$class" "$@" 2>>"$LOGS/setup.log" | sed 's/^/rc: /'; then
    tail -n 5 "$LOGS/setup.log" >&2
    die "$class failed (full output in $LOGS/setup.log)"
  fi
}

# --- secrets ---------------------------------------------------------------------------------

generate_secret() { openssl rand -hex 24 2>/dev/null || od -An -N24 -tx1 /dev/urandom | tr -d ' \n'; }

# The variable's value if set, else the one kept in the state dir, else a new one kept there
# (mode 600) so that restarts agree.
secret() { # VAR file
  local var=$1 file=$STATE/$2 value
  if [[ -n ${!var:-} ]]; then
    value=${!var}
  elif [[ -s $file ]]; then
    value=$(<"$file")
  else
    value=$(generate_secret)
    (umask 077 && printf '%s\n' "$value" >"$file")
  fi
  export "$var=$value"
}
