#!/usr/bin/env bash
# Store, get, append and batches through a Redis Cluster (redis-cluster subject) next to the same workloads on mmap.
#
#   ts-bench/redis-cluster-bench.sh           3 interleaved pairs (redis-cluster, mmap, redis-cluster, mmap, ...)
#   ts-bench/redis-cluster-bench.sh --smoke   tiny sizes, one short iteration, one pair: checks the harness only
#
# Starts 6 redis-server processes (3 masters, 3 replicas; appendonly no, save "") on free 127.0.0.1 ports in
# a temp dir, joins them with redis-cli --cluster create, and always stops them on exit. Needs redis-server and
# redis-cli on the PATH. Environment: JAVA_HOME, PAIRS (default 3), NO_BUILD=1 skips the Maven package step,
# ONLY (an extended regex) runs only the workloads whose names match, e.g. ONLY='storeAll-10k|storeEach-10k',
# IMPLS (default "redis-cluster mmap") the subjects, JMH_PROF (for example "stack") adds -prof to every JMH run,
# JARS (default the freshly built ts-bench/target/benchmarks.jar) several benchmark jars, for example of the code
# before and after a change, each run in turn inside every pair; the raw rows then name the subject impl@jar.
set -euo pipefail
cd "$(dirname "$0")/.."

java_bin="${JAVA_HOME:+$JAVA_HOME/bin/}java"
smoke=0
[ "${1:-}" = --smoke ] && smoke=1
pairs="${PAIRS:-$([ $smoke = 1 ] && echo 1 || echo 3)}"

if [ "${NO_BUILD:-0}" != 1 ]; then
  ./mvnw -o -q -B -f ts-bench/pom.xml package -DskipTests
fi
read -r -a jars <<<"${JARS:-ts-bench/target/benchmarks.jar}"

work="$(mktemp -d -t tsstore-redis-bench.XXXXXX)"
pids=()
cleanup() {
  for pid in "${pids[@]}"; do kill "$pid" 2>/dev/null || true; done
  for pid in "${pids[@]}"; do wait "$pid" 2>/dev/null || true; done
  rm -rf "$work"
}
trap cleanup EXIT

# Six ports p whose cluster bus port p+10000 is free too.
read -r -a ports <<<"$(python3 - <<'PY'
import random, socket
def free(p):
    s = socket.socket()
    try:
        s.bind(("127.0.0.1", p)); return True
    except OSError:
        return False
    finally:
        s.close()
found = []
while len(found) < 6:
    p = random.randint(20000, 50000)
    if p not in found and free(p) and free(p + 10000):
        found.append(p)
print(*found)
PY
)"
for p in "${ports[@]}"; do
  mkdir -p "$work/$p"
  redis-server --port "$p" --bind 127.0.0.1 --dir "$work/$p" --cluster-enabled yes \
    --cluster-config-file nodes.conf --cluster-node-timeout 5000 --appendonly no --save "" \
    --daemonize no --logfile "$work/$p/redis.log" &
  pids+=($!)
done
for p in "${ports[@]}"; do
  for _ in $(seq 100); do redis-cli -p "$p" ping >/dev/null 2>&1 && break; sleep 0.1; done
done
redis-cli --cluster create $(printf '127.0.0.1:%s ' "${ports[@]}") --cluster-replicas 1 --cluster-yes >"$work/create.log"
for _ in $(seq 300); do
  ok=1
  for p in "${ports[@]}"; do
    redis-cli -p "$p" cluster info | grep -q 'cluster_state:ok' || ok=0
  done
  [ $ok = 1 ] && break
  sleep 0.1
done
[ $ok = 1 ] || { echo "redis-cluster-bench.sh: cluster not ok" >&2; cat "$work/create.log" >&2; exit 1; }
uri="redis-cluster://127.0.0.1:${ports[0]},127.0.0.1:${ports[1]},127.0.0.1:${ports[2]}"
echo "cluster ok: $uri"

jvm="-Xms1g -Xmx1g -XX:+AlwaysPreTouch -Dtsstore.bench.redisUri=$uri -Dtsstore.bench.dir=$work/scratch"
if [ $smoke = 1 ]; then
  jvm="-Xms512m -Xmx512m -Dtsstore.bench.redisUri=$uri -Dtsstore.bench.dir=$work/scratch"
  jvm="$jvm -Dtsstore.bench.largePoints=1000 -Dtsstore.bench.manySeries=100"
  store_it=(-wi 0 -i 1)
  read_it=(-wi 0 -i 1 -r 100ms)
else
  store_it=(-wi 3 -i 3)  # stores are single shots: 3 warm-ups, or the first measured one runs cold code
  read_it=(-wi 2 -w 300ms -i 3 -r 400ms)
fi

# workload name, JMH benchmark regex, iteration options, JMH parameters
workloads=(
  "store-1M|org.tsstore.bench.LargeStoreBench.store\$|store|-p regime=fresh"
  "get-1M|org.tsstore.bench.LargeReadBench.get\$|read|"
  "store-10k|org.tsstore.bench.ManyStoreBench.storeAll\$|store|-p regime=fresh"
  "get-10k|org.tsstore.bench.ManyReadBench.getAll\$|read|"
  "append-1-to-1k|org.tsstore.bench.AppendBench.appendOnePoint\$|read|-p points=1000"
  "append-1-to-1M|org.tsstore.bench.AppendBench.appendOnePoint\$|read|-p points=1000000"
  "storeAll-10k|org.tsstore.bench.BatchBench.write\$|store|-p mode=storeAll"
  "storeEach-10k|org.tsstore.bench.BatchBench.write\$|store|-p mode=storeEach"
  "ingest-10kx10|org.tsstore.bench.IngestBench.ingest\$|store|-p shape=ticks -jvmArgsAppend -Dtsstore.bench.ticks=10"
  "ingestEach-10kx10|org.tsstore.bench.IngestBench.ingest\$|store|-p shape=each -jvmArgsAppend -Dtsstore.bench.ticks=10"
)
mkdir -p ts-bench/target
raw=ts-bench/target/redis-cluster-raw.csv  # pair,workload,impl,µs per operation; kept after the run
: >"$raw"
for pair in $(seq "$pairs"); do
  for w in "${workloads[@]}"; do
    IFS='|' read -r name regex kind params <<<"$w"
    if [ -n "${ONLY:-}" ] && ! [[ "$name" =~ ^($ONLY)$ ]]; then continue; fi
    read -r -a extra <<<"$params"
    for impl in ${IMPLS:-redis-cluster mmap}; do
      for jar in "${jars[@]}"; do
        label="$impl"
        [ "${#jars[@]}" -gt 1 ] && label="$impl@$(basename "$jar" .jar)"
        if [ "$kind" = store ]; then it=("${store_it[@]}"); else it=("${read_it[@]}"); fi
        out="$work/jmh-$pair-$name-$impl-$(basename "$jar" .jar).csv"
        "$java_bin" -Djmh.ignoreLock=true -cp "$jar" org.openjdk.jmh.Main "$regex" -f 1 "${it[@]}" -tu us \
          -p impl="$impl" "${extra[@]}" -jvmArgs "$jvm" ${JMH_PROF:+-prof "$JMH_PROF"} -rf csv -rff "$out" >ts-bench/target/redis-cluster-jmh.log 2>&1 \
          || { echo "JMH failed: $name $label" >&2; tail -40 ts-bench/target/redis-cluster-jmh.log >&2; exit 1; }
        score="$(python3 -c 'import csv,sys; print(next(csv.DictReader(open(sys.argv[1])))["Score"])' "$out")"
        echo "$pair,$name,$label,$score" | tee -a "$raw"
      done
    done
  done
done

echo "raw: $raw"
python3 - "$raw" <<'PY'
import csv, statistics, sys
rows = list(csv.reader(open(sys.argv[1])))
t = {}
for pair, name, impl, score in rows:
    t.setdefault(name, {}).setdefault(impl, {})[pair] = float(score) / 1000.0  # ms
print()
print("| workload | redis-cluster ms (median) | mmap ms (median) | redis/mmap median | min–max |")
print("|---|---|---|---|---|")
for name, by in t.items():
    r, m = by.get("redis-cluster", {}), by.get("mmap", {})
    ratios = [r[p] / m[p] for p in r if p in m]
    if not (r and m):
        print(f"| `{name}` | {statistics.median(r.values()) if r else '-'} | "
              f"{statistics.median(m.values()) if m else '-'} | - | - |")
        continue
    g = lambda x: f"{x:,.0f}" if x >= 100 else f"{x:.3g}" if x >= 0.01 else f"{x * 1e6:.0f} ns"
    print(f"| `{name}` | {g(statistics.median(r.values()))} | {g(statistics.median(m.values()))} | "
          f"{g(statistics.median(ratios))} | {g(min(ratios))}–{g(max(ratios))} |")
PY
