#!/usr/bin/env bash
# Plays the HTTP binding's transcript (docs/http-binding.md) with curl against two gateways of HttpTranscriptMain
# (7101 allows reset, 7102 does not) and prints it as Markdown. From the repository root, after `mvn -pl cas-grpc
# test-compile` and `mvn -pl cas-grpc dependency:build-classpath -Dmdep.outputFile=target/cp.txt`:
#   cas-grpc/src/test/sh/http-transcript.sh > /tmp/transcript.md
set -euo pipefail
cd "$(dirname "$0")/../../.."
CP="target/test-classes:target/classes:$(cat target/cp.txt)"
java -cp "$CP" io.casharness.grpc.http.HttpTranscriptMain 7101 7102 >/dev/null &
GATEWAYS=$!
trap 'kill $GATEWAYS' EXIT
until curl -s -o /dev/null http://127.0.0.1:7101/healthz; do sleep 0.1; done

API=http://127.0.0.1:7101/apis/casharness.v1
API2=http://127.0.0.1:7102/apis/casharness.v1
W="-w '\nHTTP %{http_code}\n'"
step() { # title, command
  echo "**$1**"
  echo
  echo '```console'
  echo "\$ $2"
  eval "$2 $W" | sed -e '/^$/d'
  echo '```'
  echo
}
OBJ1='{"apiVersion": "casharness.v1", "kind": "sandbox", "metadata": {"id": "sb-1", "name": "alpha", "labels": {"env": "prod", "tier": "web"}}, "payload": "cmVwbGljYXM9MQ=="}'
OBJ1V1='{"apiVersion": "casharness.v1", "kind": "sandbox", "metadata": {"id": "sb-1", "name": "alpha", "labels": {"env": "prod", "tier": "web"}, "resourceVersion": "1"}, "payload": "cmVwbGljYXM9Mg=="}'
OBJ1V2=${OBJ1V1/'"resourceVersion": "1"'/'"resourceVersion": "2"'}
OBJ1V0=${OBJ1V1/'"resourceVersion": "1"'/'"resourceVersion": "0"'}
H="-H 'Content-Type: application/json'"

step "Health" "curl -sS http://127.0.0.1:7101/healthz"
step "Describe: what the replica serves" "curl -sS $API/-/describe"
step "Create: a new object (201, version 1 here)" "curl -sS -X POST $API/sandbox $H -d '$OBJ1'"
step "Get" "curl -sS $API/sandbox/sb-1"
step "Conditional update at the version read: applies, the version rises" "curl -sS -X PUT $API/sandbox/sb-1 $H -d '$OBJ1V1'"
step "Conditional update at a stale version (another replica): 409 Conflict naming the current version" "curl -sS -X PUT $API2/sandbox/sb-1 $H -d '$OBJ1V1'"
step "Create on a taken key: 409 AlreadyExists, constraint key" "curl -sS -X POST $API/sandbox $H -d '$OBJ1'"
step "Create with a taken name: 409 AlreadyExists, constraint name and the holder" "curl -sS -X POST $API/sandbox $H -d '{\"metadata\": {\"id\": \"sb-9\", \"name\": \"alpha\"}}'"
step "Get by name: a field selector, answered as a list of at most one" "curl -sS -G $API/sandbox --data-urlencode 'fieldSelector=metadata.name=alpha'"
step "Unconditional put (no resourceVersion): creates here" "curl -sS -X PUT $API/sandbox/sb-2 $H -d '{\"metadata\": {\"labels\": {\"env\": \"dev\"}}}'"
step "Create a third object" "curl -sS -X POST $API/sandbox $H -d '{\"metadata\": {\"id\": \"sb-3\", \"labels\": {\"env\": \"prod\", \"tier\": \"db\"}}}'"
step "List with a label selector, one per page: the first page (metadata.continue set)" "curl -sS -G $API/sandbox --data-urlencode 'labelSelector=env=prod' -d limit=1"
step "List: the next page, which is the last (no metadata.continue)" "curl -sS -G $API/sandbox --data-urlencode 'labelSelector=env=prod' -d limit=1 -d continue=sb-1"
step "List with set-based requirements" "curl -sS -G $API/sandbox --data-urlencode 'labelSelector=tier in (web,db),env notin (dev),!deprecated' -d limit=100"
step "Delete with a stale precondition: 409 Conflict, the object stays" "curl -sS -X DELETE $API/sandbox/sb-1 $H -d '{\"kind\": \"DeleteOptions\", \"apiVersion\": \"v1\", \"preconditions\": {\"resourceVersion\": \"1\"}}'"
step "Delete at the current version" "curl -sS -X DELETE $API/sandbox/sb-1 $H -d '{\"kind\": \"DeleteOptions\", \"apiVersion\": \"v1\", \"preconditions\": {\"resourceVersion\": \"2\"}}'"
step "Get of a deleted object: 404 NotFound" "curl -sS $API/sandbox/sb-1"
step "Conditional update of an absent object: 404 NotFound, current version absent (the client records a conflict)" "curl -sS -X PUT $API/sandbox/sb-1 $H -d '$OBJ1V2'"
step "Create again: the new incarnation starts above every version the key had" "curl -sS -X POST $API/sandbox $H -d '$OBJ1'"
step "Bad input: 422 Invalid naming the value and the bound" "curl -sS -X POST $API/Sandbox $H -d '{\"metadata\": {\"id\": \"sb-9\"}}'"
step "Bad input: a page limit out of bounds" "curl -sS '$API/sandbox?limit=0'"
step "Bad input: a resourceVersion below 1" "curl -sS -X PUT $API/sandbox/sb-1 $H -d '$OBJ1V0'"
step "A body that is not JSON: 400 BadRequest" "curl -sS -X POST $API/sandbox $H -d '{\"metadata\": '"
step "Delete without preconditions: whatever is current" "curl -sS -X DELETE $API/sandbox/sb-2"
step "Reset on a gateway started without reset allowed: 403 Forbidden" "curl -sS -X POST $API2/-/reset"
step "Reset where it is allowed" "curl -sS -X POST $API/-/reset"
step "After reset: nothing is left" "curl -sS '$API/sandbox?limit=100'"
