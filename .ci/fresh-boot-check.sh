#!/usr/bin/env bash
# A fresh install, as a new user has it: `npm start` on embedded defaults with nothing beside the
# clone — ../shared replaced by an empty folder, an empty data dir and an empty model cache — then
# readiness, every model the product ships reporting itself available, and one shopper answer.
# Any failure names what was missing and prints the server's log.
set -euo pipefail
cd "$(dirname "$0")/.."

work=$(mktemp -d)
mkdir -p "$work/shared-empty" "$work/data" "$work/models"
port=$(node -e "const s=require('net').createServer();s.listen(0,'127.0.0.1',()=>{console.log(s.address().port);s.close()})")
export KEFU_SHARED_DATA="$work/shared-empty" KEFU_DATA_DIR="$work/data" KEFU_MODEL_CACHE_DIR="$work/models"
export PORT="$port" HOST=127.0.0.1 LOG_LEVEL=info
unset DATABASE_URL REDIS_URL CHROMA_URL LLM_BASE_URL LLM_API_KEY SENTIMENT_MODEL

started=$(date +%s)
# Its own process group, so the server, tsx and the Chroma child all go when the check ends.
setsid npm start >"$work/server.log" 2>&1 &
server=$!
fail() {
  echo "fresh-boot check FAILED: $1"
  echo "--- server log (last 60 lines) ---"
  tail -n 60 "$work/server.log" || true
  exit 1
}
stop_server() { kill -- -"$server" 2>/dev/null || true; }
trap stop_server EXIT

ready=""
for _ in $(seq 1 240); do
  if ! kill -0 "$server" 2>/dev/null; then fail "npm start exited before it was ready"; fi
  if ready=$(curl -fsS "http://127.0.0.1:$port/readyz" 2>/dev/null); then break; fi
  sleep 1
done
[ -n "$ready" ] || fail "/readyz did not answer ready within 240 s"
echo "fresh-boot: ready after $(( $(date +%s) - started )) s: $ready"

missing=$(node -e '
  const body = JSON.parse(process.argv[1]);
  const models = body.models;
  if (!models) { console.log("the models section of /readyz"); process.exit(0); }
  console.log(Object.entries(models).filter(([, m]) => !m.available).map(([name]) => name + " model").join(", "));
' "$ready")
[ -z "$missing" ] || fail "not available on a fresh install: $missing"

answer=$(printf '你好，你们支持七天无理由退货吗\n' | timeout 60 npm run -s chat -- --url "http://127.0.0.1:$port" --tenant demo --jsonl --timeout 30000 || true)
node -e '
  const line = process.argv[1].trim().split("\n").pop() || "";
  let reply; try { reply = JSON.parse(line); } catch { reply = null; }
  if (!reply || reply.error || !reply.text) { console.log("no shopper answer: " + (line || "(nothing printed)")); process.exit(1); }
  console.log("fresh-boot: the demo shop answered: " + reply.text.slice(0, 80));
' "$answer" || fail "the demo shop did not answer a shopper"

if grep -q "../shared\|shared/data" "$work/server.log"; then fail "the server log mentions ../shared: $(grep -m1 'shared' "$work/server.log")"; fi
echo "fresh-boot: passed in $(( $(date +%s) - started )) s"
