#!/usr/bin/env bash
# The sweep machinery end to end on this one machine, as a cluster would drive it:
#   1. emit sweeps/smoke.yaml (8 runs) as a Slurm array job and run it,
#   2. kill one array task on purpose while its run is in progress,
#   3. flatbench merge: that run must be reported missing (exit 1),
#   4. flatbench merge --resubmit slurm: a job covering exactly that run; run it,
#   5. flatbench merge again: every run done (exit 0), and every result.json read back and checked.
# Modes:
#   slurm  installs slurm-wlm and munge from Debian's packages if absent (needs root and apt),
#          starts munged, slurmctld and slurmd here (the node and controller talk over 127.0.0.1)
#          and submits with sbatch; the daemons it started are stopped at the end.
#   local  no Slurm: runs each array task of the emitted script as a local process with the
#          variables Slurm would set (SLURM_ARRAY_TASK_ID, SLURM_ARRAY_TASK_COUNT, ...).
# Usage: scripts/sweep-check.sh slurm|local   (make sweep-check-slurm / make sweep-check-local)
set -euo pipefail
mode=${1:-slurm}
case "$mode" in slurm|local) ;; *) echo "usage: $0 slurm|local" >&2; exit 2 ;; esac
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"
work="$root/.cache/sweep-check-$mode"
store="$work/store"
spec=sweeps/smoke.yaml
victim=3          # the array task killed on purpose (shard 3 of 8 holds run 3)
fb=bin/flatbench
say() { printf '\n== %s\n' "$*"; }
fail() { echo "sweep-check: FAILED: $*" >&2; exit 1; }

[ -f suite/target/flatbench-suite.jar ] || make build
rm -rf "$work"
mkdir -p "$work"

# ---- Slurm on this machine ----------------------------------------------------------------------
started_pids=()
stop_daemons() {
  for pid in "${started_pids[@]}"; do kill "$pid" 2>/dev/null || true; done
}
trap stop_daemons EXIT

start_slurm() {
  if ! command -v slurmctld >/dev/null || ! command -v slurmd >/dev/null || ! command -v munged >/dev/null; then
    [ "$(id -u)" = 0 ] || { echo "installing Slurm needs root (apt-get install slurm-wlm munge)" >&2; exit 2; }
    say "installing slurm-wlm and munge from Debian's packages"
    apt-get update -qq
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends slurm-wlm munge >/dev/null
  fi
  [ -s /etc/munge/munge.key ] || { mungekey --create --keyfile=/etc/munge/munge.key && chown munge:munge /etc/munge/munge.key && chmod 400 /etc/munge/munge.key; }
  if ! munge -n 2>/dev/null | unmunge >/dev/null 2>&1; then
    say "starting munged"
    mkdir -p /run/munge && chown munge:munge /run/munge && chmod 755 /run/munge
    runuser -u munge -- /usr/sbin/munged
    sleep 1
    started_pids+=("$(cat /run/munge/munged.pid)")
    munge -n | unmunge >/dev/null || fail "munged does not answer"
  fi
  local host mem
  host=$(hostname -s)
  mem=$(awk '/MemTotal/ {print int($2 / 1024) - 2048}' /proc/meminfo)
  mkdir -p "$work/slurm/state" "$work/slurm/spool"
  export SLURM_CONF="$work/slurm/slurm.conf"
  # One node, this machine, reached over the loopback address; no cgroups or accounting (a container has neither).
  cat > "$SLURM_CONF" <<EOF
ClusterName=flatbench-check
SlurmctldHost=$host(127.0.0.1)
SlurmUser=root
SlurmdUser=root
AuthType=auth/munge
CredType=cred/munge
MpiDefault=none
ProctrackType=proctrack/linuxproc
TaskPlugin=task/none
JobAcctGatherType=jobacct_gather/none
AccountingStorageType=accounting_storage/none
SchedulerType=sched/backfill
SelectType=select/cons_tres
SelectTypeParameters=CR_Core_Memory
ReturnToService=2
SlurmctldPort=16817
SlurmdPort=16818
StateSaveLocation=$work/slurm/state
SlurmdSpoolDir=$work/slurm/spool
SlurmctldPidFile=$work/slurm/slurmctld.pid
SlurmdPidFile=$work/slurm/slurmd.pid
SlurmctldLogFile=$work/slurm/slurmctld.log
SlurmdLogFile=$work/slurm/slurmd.log
KillWait=10
NodeName=$host NodeAddr=127.0.0.1 CPUs=$(nproc) RealMemory=$mem State=UNKNOWN
PartitionName=check Nodes=ALL Default=YES MaxTime=INFINITE State=UP
EOF
  say "starting slurmctld and slurmd ($(slurmd -V), node $host, $(nproc) CPUs, ${mem} MB)"
  slurmctld -f "$SLURM_CONF"
  sleep 1
  started_pids+=("$(cat "$work/slurm/slurmctld.pid")")
  slurmd -f "$SLURM_CONF"
  sleep 1
  started_pids+=("$(cat "$work/slurm/slurmd.pid")")
  for _ in $(seq 30); do sinfo -h -o '%T' | grep -q idle && break; sleep 1; done
  sinfo
}

# ---- Submitting, killing one task, waiting ------------------------------------------------------
# submit SCRIPT [VICTIM] sets $handle. Slurm: sbatch. Local: one background process per array task,
# with the variables Slurm sets and throttled like --array=0-N%T; task VICTIM is killed (SIGTERM, as
# a scheduler ends a task) as soon as its run is in progress, before the next task starts.
handle=
local_pids=()
submit() {
  local script=$1 victim=${2:-}
  if [ "$mode" = slurm ]; then
    handle=$(sbatch --parsable "$script")
    return
  fi
  local range throttle n i
  range=$(sed -n 's/^#SBATCH --array=\([0-9-]*\).*/\1/p' "$script")
  throttle=$(sed -n 's/^#SBATCH --array=[0-9-]*%\([0-9]*\)$/\1/p' "$script")
  n=$(( ${range#*-} + 1 ))
  local_pids=()
  for ((i = 0; i < n; i++)); do
    while [ -n "$throttle" ] && [ "$(jobs -rp | wc -l)" -ge "$throttle" ]; do sleep 0.2; done
    SLURM_ARRAY_JOB_ID=$$ SLURM_ARRAY_TASK_ID=$i SLURM_ARRAY_TASK_COUNT=$n SLURM_ARRAY_TASK_MIN=0 SLURM_ARRAY_TASK_MAX=$((n - 1)) \
      SLURM_CPUS_PER_TASK=1 bash "$script" > "$store/logs/local-$i.out" 2>&1 &
    local_pids+=($!)
    if [ "$i" = "$victim" ]; then
      await_run_of_shard "$i" "$n"
      kill -TERM "$!"
      echo "kill -TERM $!: task $i killed while its run was in progress" >&2
    fi
  done
  handle="local"
}

# Waits until shard $1/$2's run is in progress: its attempt marker is in the store.
await_run_of_shard() {
  for _ in $(seq 1200); do
    grep -qs "\"shard\" : \"$1/$2\"" "$store"/running/*.json && return 0
    sleep 0.1
  done
  fail "shard $1/$2 never started its run"
}

wait_for() {
  if [ "$mode" = slurm ]; then
    for _ in $(seq 900); do [ -z "$(squeue -h -j "$1" 2>/dev/null)" ] && return 0; sleep 1; done
    fail "job $1 still queued or running after 15 minutes"
  else
    local pid
    for pid in "${local_pids[@]}"; do wait "$pid" || true; done
  fi
}

# ---- The check ----------------------------------------------------------------------------------
[ "$mode" = slurm ] && start_slurm
say "the sweep"
$fb sweep "$spec" --store "$store" --list
victim_id=$($fb sweep "$spec" --store "$store" --list | awk -v v="$victim" '$1 == v {print $2}')

say "emit and submit the array job"
$fb sweep "$spec" --store "$store" --emit slurm | tee "$work/emit.txt"
script=$(awk '/^job file:/ {print $3}' "$work/emit.txt")
grep '^#SBATCH' "$script"
shards=$(sed -n 's/^#SBATCH --array=0-\([0-9]*\).*/\1/p' "$script"); shards=$((shards + 1))
submit "$script" "$victim"
job=$handle
echo "submitted: $job"
if [ "$mode" = slurm ]; then
  # Kill task $victim while its run is in progress, as a scheduler ends a task (SIGTERM).
  await_run_of_shard "$victim" "$shards"
  squeue -r -j "$job"
  scancel "${job}_${victim}"
  echo "scancel ${job}_${victim}: task $victim killed while its run was in progress"
fi
wait_for "$job"
say "logs of the killed task"
tail -n 5 "$store"/logs/*"_${victim}.out" "$store/logs/local-${victim}.out" 2>/dev/null || true

say "merge: the killed task's run must be missing"
set +e
$fb merge "$store" --resubmit slurm | tee "$work/merge1.txt"
rc=$?
set -e
[ "$rc" = 1 ] || fail "merge exited $rc with a run missing, not 1"
missing=$(awk '$1 == "missing" {print $2}' "$work/merge1.txt")
[ "$missing" = "$victim_id" ] || fail "expected exactly run $victim_id missing, merge says: ${missing:-none}"
grep -q '^failed ' "$work/merge1.txt" && fail "a run failed"
echo "ok: exactly the killed task's run ($victim_id) is missing"

say "resubmit exactly that run"
again=$(awk '/^job file:/ {print $3}' "$work/merge1.txt")
runlist=$(awk '/^run list:/ {print $3}' "$work/merge1.txt")
grep '^#SBATCH --array' "$again"
grep -c '"id"' "$runlist" | grep -qx 1 || fail "the resubmitted run list does not hold exactly one run"
grep -q "\"$victim_id\"" "$runlist" || fail "the resubmitted run list does not hold $victim_id"
submit "$again"
echo "submitted: $handle"
wait_for "$handle"

say "merge: every run done"
$fb merge "$store" | tee "$work/merge2.txt" || fail "merge after the resubmission says runs are still missing"
csv="$store/merged/results.csv"
rows=$(tail -n +2 "$csv" | wc -l)
done_rows=$(tail -n +2 "$csv" | cut -d, -f2 | grep -cx done)
[ "$rows" = 8 ] && [ "$done_rows" = 8 ] || fail "results.csv has $done_rows of $rows runs done, expected 8 of 8"
for d in "$store"/runs/*/; do
  [ -s "$d/result.json" ] || fail "$d has no result.json"
done
echo "ok: 8 of 8 runs done; merge read back every result.json and checked that its configuration has the run's id"
echo "report: $store/merged/report.html"
say "sweep-check ($mode) passed"
