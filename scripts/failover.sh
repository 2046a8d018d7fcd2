#!/usr/bin/env bash
# Promote a secondary region of the payment platform. Where the platform's ARC Region switch plan
# exists (--plan-arn, or found with --execute), it starts that plan's execution (region-switch.sh:
# database, scaling, DNS, approval, measured recovery time). Otherwise, or with --no-plan, the
# manual path: make the target's Aurora cluster the writer of the global database, wait until it
# is, and check the Route 53 health checks. Dry run by default: it prints the AWS CLI commands;
# --execute runs them. Runbook: docs/failover.md.
set -euo pipefail

usage() {
  cat <<'USAGE'
Usage: failover.sh --global-cluster-id ID --target-region REGION --mode outage|planned
                   [--target-cluster-arn ARN] [--health-check-id ID ...]
                   [--drain-health-check-id ID] [--timeout SECONDS] [--dry-run | --execute]
                   [--plan-arn ARN | --no-plan]

  --global-cluster-id        Aurora global database (GlobalStack output GlobalClusterIdentifier, e.g. verypay-prod-global)
  --target-region            The secondary region to promote (e.g. eu-west-1)
  --mode outage              The primary region is lost: failover-global-cluster --allow-data-loss
                             (loses the writes not yet replicated, typically < 1 s)
  --mode planned             Both regions healthy: switchover-global-cluster (no data loss)
  --target-cluster-arn       The target region's cluster ARN (default: looked up among the global cluster's members)
  --health-check-id          Route 53 health check to report after the promotion (repeatable)
  --drain-health-check-id    Planned mode: invert this health check (the primary's) first, so that
                             Route 53 answers api.<zone> with the secondary before the writer moves
  --timeout                  Seconds to wait for the new writer (default 900)
  --dry-run                  Print the commands only (default)
  --execute                  Run them
  --plan-arn                 Start this ARC Region switch plan (GlobalStack output RegionSwitchPlanArn<region>)
                             instead of the manual path (region-switch.sh does the execution)
                             (default with --execute: the plan of this account whose regions include
                             --target-region, looked up with aws arc-region-switch list-plans)
  --no-plan                  The manual path even where a plan exists (accounts without ARC Region switch)
USAGE
}

die() { echo "failover.sh: $*" >&2; echo "Run 'failover.sh --help' for usage." >&2; exit 2; }

GLOBAL_ID="" TARGET_REGION="" MODE="" TARGET_ARN="" DRAIN_HC="" TIMEOUT=900 EXECUTE=0 SEEN_DRY=0 PLAN_ARN="" NO_PLAN=0
HEALTH_CHECKS=()
need_value() { [[ $# -ge 2 && -n "$2" && "$2" != --* ]] || die "$1 needs a value"; }
while [[ $# -gt 0 ]]; do
  case "$1" in
    --global-cluster-id) need_value "$@"; GLOBAL_ID="$2"; shift 2 ;;
    --target-region) need_value "$@"; TARGET_REGION="$2"; shift 2 ;;
    --mode) need_value "$@"; MODE="$2"; shift 2 ;;
    --target-cluster-arn) need_value "$@"; TARGET_ARN="$2"; shift 2 ;;
    --health-check-id) need_value "$@"; HEALTH_CHECKS+=("$2"); shift 2 ;;
    --drain-health-check-id) need_value "$@"; DRAIN_HC="$2"; shift 2 ;;
    --timeout) need_value "$@"; TIMEOUT="$2"; shift 2 ;;
    --dry-run) SEEN_DRY=1; shift ;;
    --execute) EXECUTE=1; shift ;;
    --plan-arn) need_value "$@"; PLAN_ARN="$2"; shift 2 ;;
    --no-plan) NO_PLAN=1; shift ;;
    -h|--help) usage; exit 0 ;;
    *) die "unknown argument '$1'" ;;
  esac
done

[[ $SEEN_DRY -eq 1 && $EXECUTE -eq 1 ]] && die "--dry-run and --execute exclude each other"
[[ -n "$PLAN_ARN" && $NO_PLAN -eq 1 ]] && die "--plan-arn and --no-plan exclude each other"
[[ -n "$GLOBAL_ID" ]] || die "--global-cluster-id is required (GlobalStack output GlobalClusterIdentifier)"
[[ "$GLOBAL_ID" =~ ^[a-zA-Z][a-zA-Z0-9-]{0,62}$ ]] || die "--global-cluster-id '$GLOBAL_ID' is not an Aurora identifier (letters, digits, '-')"
[[ -n "$TARGET_REGION" ]] || die "--target-region is required (the secondary region to promote, e.g. eu-west-1)"
[[ "$TARGET_REGION" =~ ^[a-z]{2}(-[a-z]+)+-[0-9]+$ ]] || die "--target-region '$TARGET_REGION' is not an AWS region code like eu-west-1"
[[ "$MODE" == "outage" || "$MODE" == "planned" ]] || die "--mode must be 'outage' (primary region lost, allows data loss) or 'planned' (switchover, no data loss); got '${MODE}'"
if [[ -n "$TARGET_ARN" ]]; then
  [[ "$TARGET_ARN" =~ ^arn:aws[a-z-]*:rds:([a-z0-9-]+):[0-9]{12}:cluster:[a-zA-Z][a-zA-Z0-9-]*$ ]] \
    || die "--target-cluster-arn '$TARGET_ARN' is not an RDS cluster ARN"
  [[ "${BASH_REMATCH[1]}" == "$TARGET_REGION" ]] \
    || die "--target-cluster-arn is in ${BASH_REMATCH[1]}, not in --target-region $TARGET_REGION"
fi
UUID_RE='^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$'
for hc in "${HEALTH_CHECKS[@]+"${HEALTH_CHECKS[@]}"}" ${DRAIN_HC:+"$DRAIN_HC"}; do
  [[ "$hc" =~ $UUID_RE ]] || die "health check id '$hc' is not a Route 53 health check id (a UUID)"
done
[[ -z "$DRAIN_HC" || "$MODE" == "planned" ]] || die "--drain-health-check-id is for --mode planned; in an outage Route 53 fails over by itself"
[[ "$TIMEOUT" =~ ^[1-9][0-9]*$ ]] || die "--timeout '$TIMEOUT' must be a positive number of seconds"
PLAN_RE='^arn:aws[a-zA-Z-]*:arc-region-switch::[0-9]{12}:plan/[a-zA-Z0-9-]{1,32}:[a-z0-9]{6}$'
[[ -z "$PLAN_ARN" || "$PLAN_ARN" =~ $PLAN_RE ]] || die "--plan-arn '$PLAN_ARN' is not a Region switch plan ARN (arn:aws:arc-region-switch::<account>:plan/<name>:<suffix>)"

# The Region switch plan, where there is one: it runs the same steps (and scaling, approval,
# reports) as a plan AWS evaluates and times. The manual path below stays for accounts without it.
if [[ $NO_PLAN -eq 0 && -z "$PLAN_ARN" && $EXECUTE -eq 1 ]] && command -v aws >/dev/null; then
  found=$(aws arc-region-switch list-plans --region "$TARGET_REGION" \
    --query "plans[?contains(regions, '${TARGET_REGION}')].arn | [0]" --output text 2>/dev/null) || found=""
  if [[ "$found" =~ $PLAN_RE ]]; then
    PLAN_ARN="$found"
  else
    echo "# No ARC Region switch plan covers $TARGET_REGION here (or Region switch is not available): the manual path" >&2
  fi
fi
if [[ -n "$PLAN_ARN" ]]; then
  echo "# Region switch plan $PLAN_ARN: region-switch.sh starts its execution (the manual path: --no-plan)"
  args=(--plan-arn "$PLAN_ARN" --to "$TARGET_REGION" --mode "$MODE" --timeout "$TIMEOUT")
  [[ -z "$DRAIN_HC" ]] || args+=(--drain-health-check-id "$DRAIN_HC")
  if [[ $EXECUTE -eq 1 ]]; then args+=(--execute); else args+=(--dry-run); fi
  exec bash "$(dirname "${BASH_SOURCE[0]}")/region-switch.sh" "${args[@]}"
fi

show() {
  # Prints a command as it could be pasted into a shell.
  local out="+" a
  for a in "$@"; do
    if [[ "$a" =~ ^[A-Za-z0-9_./:=@,+-]+$ ]]; then out+=" $a"; else out+=" '${a//\'/\'\\\'\'}'"; fi
  done
  echo "$out"
}

run() {
  # Prints the command; runs it with --execute.
  show "$@"
  if [[ $EXECUTE -eq 1 ]]; then "$@"; fi
}

capture() {
  # Like run, but returns the command's output; in a dry run returns the placeholder $1.
  local placeholder="$1"; shift
  show "$@" >&2
  if [[ $EXECUTE -eq 1 ]]; then "$@"; else echo "$placeholder"; fi
}

[[ $EXECUTE -eq 1 ]] || echo "# DRY RUN: nothing is changed. Re-run with --execute to perform these steps."
[[ $EXECUTE -eq 1 || $NO_PLAN -eq 1 ]] || echo "# With --execute, a Region switch plan covering $TARGET_REGION is started instead, where one exists (--plan-arn names it; --no-plan keeps this manual path)."
echo "# Promote $TARGET_REGION to writer of global database $GLOBAL_ID (mode: $MODE)"

echo "# 1. Current writer"
PREVIOUS_WRITER=$(capture "<current-writer-arn>" aws rds describe-global-clusters --region "$TARGET_REGION" \
  --global-cluster-identifier "$GLOBAL_ID" --query 'GlobalClusters[0].GlobalClusterMembers[?IsWriter].DBClusterArn | [0]' --output text)
PREVIOUS_REGION=$(echo "$PREVIOUS_WRITER" | awk -F: 'NF > 4 { print $4 }')
PREVIOUS_REGION=${PREVIOUS_REGION:-<current-primary-region>}
echo "# writer: $PREVIOUS_WRITER"
if [[ $EXECUTE -eq 1 && "$PREVIOUS_REGION" == "$TARGET_REGION" ]]; then
  echo "failover.sh: $TARGET_REGION is already the writer region of $GLOBAL_ID; nothing to do." >&2
  exit 0
fi

if [[ -z "$TARGET_ARN" ]]; then
  echo "# 2. Target cluster in $TARGET_REGION"
  TARGET_ARN=$(capture "<${TARGET_REGION}-cluster-arn>" aws rds describe-global-clusters --region "$TARGET_REGION" \
    --global-cluster-identifier "$GLOBAL_ID" \
    --query "GlobalClusters[0].GlobalClusterMembers[?contains(DBClusterArn, ':${TARGET_REGION}:')].DBClusterArn | [0]" --output text)
  if [[ $EXECUTE -eq 1 && ! "$TARGET_ARN" =~ ^arn: ]]; then
    echo "failover.sh: global database $GLOBAL_ID has no member cluster in $TARGET_REGION" >&2
    exit 1
  fi
else
  echo "# 2. Target cluster: $TARGET_ARN"
fi

if [[ -n "$DRAIN_HC" ]]; then
  echo "# 3. Send api traffic to the secondary first: invert the primary's health check"
  run aws route53 update-health-check --health-check-id "$DRAIN_HC" --inverted
else
  echo "# 3. DNS: Route 53 already answers with the secondary while the primary's health check fails"
fi

echo "# 4. Move the writer"
if [[ "$MODE" == "outage" ]]; then
  run aws rds failover-global-cluster --region "$TARGET_REGION" --global-cluster-identifier "$GLOBAL_ID" \
    --target-db-cluster-identifier "$TARGET_ARN" --allow-data-loss
else
  run aws rds switchover-global-cluster --region "$TARGET_REGION" --global-cluster-identifier "$GLOBAL_ID" \
    --target-db-cluster-identifier "$TARGET_ARN"
fi

echo "# 5. Wait (up to ${TIMEOUT}s) until the writer is in $TARGET_REGION and the global database is available"
WAIT_QUERY='[GlobalClusters[0].Status, GlobalClusters[0].GlobalClusterMembers[?IsWriter].DBClusterArn | [0]]'
echo "# every 15 s:"
show aws rds describe-global-clusters --region "$TARGET_REGION" --global-cluster-identifier "$GLOBAL_ID" --query "$WAIT_QUERY" --output text
if [[ $EXECUTE -eq 1 ]]; then
  deadline=$(( $(date +%s) + TIMEOUT ))
  while :; do
    read -r status writer < <(aws rds describe-global-clusters --region "$TARGET_REGION" --global-cluster-identifier "$GLOBAL_ID" \
      --query "$WAIT_QUERY" --output text) || true
    echo "#   status=${status:-?} writer=${writer:-?}"
    if [[ "${status:-}" == "available" && "${writer:-}" == "$TARGET_ARN" ]]; then break; fi
    if (( $(date +%s) >= deadline )); then
      echo "failover.sh: the writer is not in $TARGET_REGION after ${TIMEOUT}s; check the RDS console and events." >&2
      exit 1
    fi
    sleep 15
  done
fi

echo "# 6. Route 53 health checks"
for hc in "${HEALTH_CHECKS[@]+"${HEALTH_CHECKS[@]}"}"; do
  run aws route53 get-health-check-status --health-check-id "$hc" \
    --query 'HealthCheckObservations[].[Region, StatusReport.Status]' --output text
done
[[ ${#HEALTH_CHECKS[@]} -gt 0 ]] || echo "# (pass --health-check-id to report them; GlobalStack has one per region)"

if [[ $EXECUTE -eq 1 ]]; then DONE_WORD="Done"; else DONE_WORD="After --execute"; fi
cat <<DONE
# ${DONE_WORD}: $TARGET_REGION is the writer region of $GLOBAL_ID.
# Verify: the api-gateway health-check path (edge.healthCheckPath) in $TARGET_REGION answers 200 and writes succeed
# (every region writes through the global writer endpoint, which now names $TARGET_REGION's writer); 'dig +short api.<zone> CNAME'
# answers the $TARGET_REGION name while the primary's health check is unhealthy (or inverted).
# Fail back when $PREVIOUS_REGION is healthy again and its cluster has rejoined as a secondary (no data loss):
#   $0 --global-cluster-id $GLOBAL_ID --target-region $PREVIOUS_REGION --mode planned --execute
DONE
if [[ -n "$DRAIN_HC" ]]; then
  echo "# and then give the primary its traffic back:"
  echo "#   aws route53 update-health-check --health-check-id $DRAIN_HC --no-inverted"
fi
