{{/*
Helpers shared by the per-service templates. Each of those ranges over .Values.services and calls
these with a context dict: (dict "root" $ "name" <service name> "svc" <its values>).
*/}}

{{/* <release>-<service>, cut to the 63 characters a Kubernetes name may have. */}}
{{- define "rc.fullname" -}}
{{- printf "%s-%s" .root.Release.Name .name | trunc 63 | trimSuffix "-" -}}
{{- end -}}

{{/* The in-cluster Service name of another service (by its name), for RC_<SERVICE>_URL. */}}
{{- define "rc.serviceHost" -}}
{{- printf "%s-%s" .root.Release.Name .target | trunc 63 | trimSuffix "-" -}}
{{- end -}}

{{- define "rc.chart" -}}
{{- printf "%s-%s" .Chart.Name .Chart.Version | replace "+" "_" | trunc 63 | trimSuffix "-" -}}
{{- end -}}

{{/* Labels that select one service's pods; never change them on an installed release. */}}
{{- define "rc.selectorLabels" -}}
app.kubernetes.io/name: {{ .name }}
app.kubernetes.io/instance: {{ .root.Release.Name }}
{{- end -}}

{{- define "rc.labels" -}}
{{ include "rc.selectorLabels" . }}
app.kubernetes.io/part-of: release-control
app.kubernetes.io/component: {{ .name }}
app.kubernetes.io/version: {{ .root.Chart.AppVersion | quote }}
app.kubernetes.io/managed-by: {{ .root.Release.Service }}
helm.sh/chart: {{ include "rc.chart" .root }}
{{- end -}}

{{- define "rc.image" -}}
{{- $img := .root.Values.image -}}
{{- printf "%s/%s:%s" $img.registry .name (default .root.Chart.AppVersion $img.tag) -}}
{{- end -}}

{{/* RC_<SERVICE>_URL for a service name: version-service -> RC_VERSION_SERVICE_URL. */}}
{{- define "rc.urlVar" -}}
{{- printf "RC_%s_URL" (. | upper | replace "-" "_") -}}
{{- end -}}

{{/*
The ConfigMap data of a service: its port, JVM options, where Kafka and the other services are,
the gateway's JWT settings, then the service's own `config` entries (which win). Non-secret only.
*/}}
{{- define "rc.configData" -}}
{{- $root := .root -}}
{{- $data := dict "SERVER_PORT" (toString .svc.port) "JAVA_TOOL_OPTIONS" (default "" .svc.javaOpts) -}}
{{- range .svc.uses -}}
{{- if eq . "kafka" -}}
{{- $_ := set $data "RC_KAFKA_BOOTSTRAP" (required "kafka.bootstrapServers is required" $root.Values.kafka.bootstrapServers) -}}
{{- else if hasKey $root.Values.services . -}}
{{- $target := get $root.Values.services . -}}
{{- $_ := set $data (include "rc.urlVar" .) (printf "http://%s:%v" (include "rc.serviceHost" (dict "root" $root "target" .)) $target.port) -}}
{{- end -}}
{{- end -}}
{{- if eq .name "gateway" -}}
{{- with $root.Values.gateway.jwt.issuerUri }}{{ $_ := set $data "SPRING_SECURITY_OAUTH2_RESOURCESERVER_JWT_ISSUER_URI" . }}{{ end -}}
{{- with $root.Values.gateway.jwt.jwkSetUri }}{{ $_ := set $data "SPRING_SECURITY_OAUTH2_RESOURCESERVER_JWT_JWK_SET_URI" . }}{{ end -}}
{{- end -}}
{{- $keepOldColour := list "RC_DEPLOY_BLUE_GREEN_KEEP_OLD_COLOUR" "RC_ORCHESTRATOR_SWITCH_BACK_WINDOW" -}}
{{- range $k, $v := .svc.config -}}
{{- if has $k $keepOldColour -}}
{{- fail (printf "services.%s.config.%s: set blueGreen.keepOldColour instead; it sets both the deploy-service's keep-old-colour and the orchestrator's switch-back window, which must agree" $.name $k) -}}
{{- end -}}
{{- $_ := set $data $k (toString $v) -}}
{{- end -}}
{{- /* one value for both: the orchestrator never switches back to a colour deploy-service has torn down */ -}}
{{- if eq .name "deploy-service" -}}
{{- $_ := set $data "RC_DEPLOY_BLUE_GREEN_KEEP_OLD_COLOUR" $root.Values.blueGreen.keepOldColour -}}
{{- else if eq .name "rollback-orchestrator" -}}
{{- $_ := set $data "RC_ORCHESTRATOR_SWITCH_BACK_WINDOW" $root.Values.blueGreen.keepOldColour -}}
{{- end -}}
{{- toYaml $data -}}
{{- end -}}

{{/* One env entry read from an existing Secret (never a value). */}}
{{- define "rc.secretEnv" -}}
- name: {{ .var }}
  valueFrom:
    secretKeyRef:
      name: {{ .secret }}
      key: {{ .key }}
{{- end -}}

{{/* The secret environment of a service, each by reference to an existingSecret. */}}
{{- define "rc.secretEnvs" -}}
{{- $v := .root.Values -}}
{{- include "rc.secretEnv" (dict "var" "RC_IDENTITY_SECRET" "secret" (required "identity.existingSecret is required (RC_IDENTITY_SECRET)" $v.identity.existingSecret) "key" $v.identity.secretKey) }}
{{- if has "postgresql" .svc.uses }}
{{ include "rc.secretEnv" (dict "var" "RC_POSTGRES_URL" "secret" (required "postgresql.existingSecret is required (RC_POSTGRES_URL)" $v.postgresql.existingSecret) "key" $v.postgresql.urlKey) }}
{{- end }}
{{- if has "mongodb" .svc.uses }}
{{ include "rc.secretEnv" (dict "var" "RC_MONGODB_URI" "secret" (required "mongodb.existingSecret is required (RC_MONGODB_URI)" $v.mongodb.existingSecret) "key" $v.mongodb.uriKey) }}
{{- end }}
{{- if and (has "redis" .svc.uses) $v.redis.existingSecret }}
{{ include "rc.secretEnv" (dict "var" "RC_REDIS_URL" "secret" $v.redis.existingSecret "key" $v.redis.urlKey) }}
{{- end }}
{{- if and (eq .name "gateway") $v.gateway.adminApiKey.existingSecret }}
{{ include "rc.secretEnv" (dict "var" "RC_ADMIN_API_KEY" "secret" $v.gateway.adminApiKey.existingSecret "key" $v.gateway.adminApiKey.key) }}
{{- end }}
{{- end -}}
