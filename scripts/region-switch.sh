#!/usr/bin/env bash
# Move the payment platform to a region with its ARC Region switch plan: start the plan's execution
# (planned = graceful switchover, outage = ungraceful failover), follow its steps, and print the
# recovery time Region switch measured against the plan's objective. Dry run by default: it prints
# the AWS CLI commands; --execute runs them. Runbook: docs/failover.md ("Region switch plan").
set -euo pipefail

usage() {
  cat <<'USAGE'
Usage: region-switch.sh --plan-arn ARN --to REGION --mode planned|outage
                        [--practice] [--drain-health-check-id ID] [--poll SECONDS] [--timeout SECONDS]
                        [--dry-run | --execute]
       region-switch.sh --manual

  --plan-arn               The plan pairing the primary with a secondary (GlobalStack output
                           RegionSwitchPlanArn<region>, e.g. arn:aws:arc-region-switch::123456789012:plan/verypay-prod-euw1:ab12cd)
  --to                     The region to activate: the secondary (fail over) or the primary (fail back)
  --mode planned           Both regions healthy: graceful execution, Aurora switchover (no data loss)
  --mode outage            The other region is lost: ungraceful execution, Aurora failover (loses the
                           writes not yet replicated, typically < 1 s)
  --practice               A practice run: a planned switchover to --to; prints the command that switches back
  --drain-health-check-id  Planned mode: invert this Route 53 health check (the old region's) before the
                           execution, so api.<zone> answers with the target before the writer moves;
                           restored when the execution ends
  --poll                   Seconds between progress checks (default 15)
  --timeout                Seconds to follow the execution before giving up (default 3600)
  --dry-run                Print the commands only (default)
  --execute                Run them
  --manual                 Print the manual path, for accounts where ARC Region switch is not available
USAGE
}

manual() {
  cat <<'MANUAL'
Manual path (no ARC Region switch), the same steps by hand — docs/failover.md, "Without Region switch":
  1. Approve: the on-call lead decides (planned switchover, or failover with data loss).
  2. Database: payment-platform-failover --global-cluster-id <GlobalClusterIdentifier> --target-region <region> \
       --mode planned|outage [--drain-health-check-id <old region's health check>] --no-plan --execute
  3. Scaling: kubectl --context <target cluster> -n <name>-api scale deployment/api-gateway deployment/payment-service \
       --replicas <the old region's replica count> (the HPAs take over from there)
  4. DNS: nothing to do; Route 53 answers api.<zone> with the region whose health check passes.
MANUAL
}

die() { echo "region-switch.sh: $*" >&2; echo "Run 'region-switch.sh --help' for usage." >&2; exit 2; }

PLAN_ARN="" TO="" MODE="" PRACTICE=0 DRAIN_HC="" POLL=15 TIMEOUT=3600 EXECUTE=0 SEEN_DRY=0
need_value() { [[ $# -ge 2 && -n "$2" && "$2" != --* ]] || die "$1 needs a value"; }
while [[ $# -gt 0 ]]; do
  case "$1" in
    --plan-arn) need_value "$@"; PLAN_ARN="$2"; shift 2 ;;
    --to) need_value "$@"; TO="$2"; shift 2 ;;
    --mode) need_value "$@"; MODE="$2"; shift 2 ;;
    --practice) PRACTICE=1; shift ;;
    --drain-health-check-id) need_value "$@"; DRAIN_HC="$2"; shift 2 ;;
    --poll) need_value "$@"; POLL="$2"; shift 2 ;;
    --timeout) need_value "$@"; TIMEOUT="$2"; shift 2 ;;
    --dry-run) SEEN_DRY=1; shift ;;
    --execute) EXECUTE=1; shift ;;
    --manual) manual; exit 0 ;;
    -h|--help) usage; exit 0 ;;
    *) die "unknown argument '$1'" ;;
  esac
done

[[ $SEEN_DRY -eq 1 && $EXECUTE -eq 1 ]] && die "--dry-run and --execute exclude each other"
[[ -n "$PLAN_ARN" ]] || die "--plan-arn is required (GlobalStack output RegionSwitchPlanArn<region>)"
[[ "$PLAN_ARN" =~ ^arn:aws[a-zA-Z-]*:arc-region-switch::[0-9]{12}:plan/[a-zA-Z0-9-]{1,32}:[a-z0-9]{6}$ ]] \
  || die "--plan-arn '$PLAN_ARN' is not a Region switch plan ARN (arn:aws:arc-region-switch::<account>:plan/<name>:<suffix>)"
[[ -n "$TO" ]] || die "--to is required (the region to activate, e.g. eu-west-1)"
[[ "$TO" =~ ^[a-z]{2}(-[a-z]+)+-[0-9]+$ ]] || die "--to '$TO' is not an AWS region code like eu-west-1"
[[ $PRACTICE -eq 1 && -z "$MODE" ]] && MODE=planned
[[ $PRACTICE -eq 1 && "$MODE" != planned ]] && die "--practice is a planned switchover; drop --mode $MODE"
[[ "$MODE" == "outage" || "$MODE" == "planned" ]] || die "--mode must be 'planned' (graceful switchover, no data loss) or 'outage' (ungraceful failover, allows data loss); got '${MODE}'"
[[ -n "$DRAIN_HC" && "$MODE" != planned ]] && die "--drain-health-check-id is for planned mode: in an outage the old region's health check has failed already"
[[ -z "$DRAIN_HC" || "$DRAIN_HC" =~ ^[0-9a-f-]{36}$ ]] || die "--drain-health-check-id '$DRAIN_HC' is not a Route 53 health check id"
[[ "$POLL" =~ ^[1-9][0-9]*$ ]] || die "--poll must be a whole number of seconds, got '$POLL'"
[[ "$TIMEOUT" =~ ^[1-9][0-9]*$ ]] || die "--timeout must be a whole number of seconds, got '$TIMEOUT'"
EXECUTION_MODE=graceful; [[ "$MODE" == outage ]] && EXECUTION_MODE=ungraceful

# Prints the command (to the terminal, also inside $(...)); runs it with --execute.
exec 3>&1
run() {
  { printf '+'; printf ' %q' "$@"; printf '\n'; } >&3
  if [[ $EXECUTE -eq 1 ]]; then "$@"; fi
}

[[ $EXECUTE -eq 1 ]] || echo "# DRY RUN: nothing is changed. Re-run with --execute to start the execution."
[[ $EXECUTE -eq 0 ]] || command -v aws >/dev/null || die "the AWS CLI (aws) is not on PATH; install AWS CLI v2 or use the manual path (--manual)"

echo "# 1. The plan and its recovery time objective"
# Region switch runs a plan from the region it activates: every call goes to that region's endpoint.
RTO_MINUTES=$(run aws arc-region-switch get-plan --region "$TO" --arn "$PLAN_ARN" --query 'plan.recoveryTimeObjectiveMinutes' --output text)

if [[ -n "$DRAIN_HC" ]]; then
  echo "# 2. Drain DNS: Route 53 answers api.<zone> with the target while the writer moves"
  run aws route53 update-health-check --health-check-id "$DRAIN_HC" --inverted >/dev/null
  restore() { echo "# Restore the drained health check (it reports the old region's real state again)"; run aws route53 update-health-check --health-check-id "$DRAIN_HC" --no-inverted >/dev/null; }
  trap restore EXIT
fi

echo "# 3. Start the execution in $TO ($EXECUTION_MODE)"
COMMENT="region-switch.sh: $([[ $PRACTICE -eq 1 ]] && echo practice || echo "$MODE") to $TO by ${USER:-unknown}"
EXECUTION_ID=$(run aws arc-region-switch start-plan-execution --region "$TO" --plan-arn "$PLAN_ARN" --target-region "$TO" \
  --action activate --mode "$EXECUTION_MODE" --comment "$COMMENT" --query executionId --output text)
if [[ $EXECUTE -eq 0 ]]; then
  echo "+ aws arc-region-switch get-plan-execution --region $TO --plan-arn $PLAN_ARN --execution-id <execution-id> (every ${POLL} s until it ends)"
  exit 0
fi
[[ -n "$EXECUTION_ID" && "$EXECUTION_ID" != None ]] || { echo "region-switch.sh: the execution did not start; use the manual path (--manual)" >&2; exit 1; }
[[ "$RTO_MINUTES" =~ ^[0-9]+$ ]] || RTO_MINUTES=0
echo "# execution $EXECUTION_ID"

# ISO 8601 duration (PT4M12S) to seconds.
seconds() {
  local d="$1" total=0
  [[ "$d" =~ ([0-9]+)H ]] && total=$((total + BASH_REMATCH[1] * 3600))
  [[ "$d" =~ ([0-9]+)M ]] && total=$((total + BASH_REMATCH[1] * 60))
  [[ "$d" =~ ([0-9]+)S ]] && total=$((total + BASH_REMATCH[1]))
  echo "$total"
}

echo "# 4. Progress"
started=$SECONDS last=""
while :; do
  state=$(aws arc-region-switch get-plan-execution --region "$TO" --plan-arn "$PLAN_ARN" --execution-id "$EXECUTION_ID" \
    --query 'executionState' --output text)
  steps=$(aws arc-region-switch get-plan-execution --region "$TO" --plan-arn "$PLAN_ARN" --execution-id "$EXECUTION_ID" \
    --query 'stepStates[].[name, status]' --output text | tr '\t' ' ' | paste -sd ',' -)
  if [[ "$state $steps" != "$last" ]]; then
    echo "$(date -u +%H:%M:%S) $state: ${steps//,/, }"
    last="$state $steps"
    if [[ "$state" == pendingManualApproval ]]; then
      echo "  approve (as the approver role): aws arc-region-switch approve-plan-execution-step --region $TO --plan-arn $PLAN_ARN --execution-id $EXECUTION_ID --step-name approve-$TO --approval approve"
    fi
  fi
  case "$state" in
    completed|completedWithExceptions|completedMonitoringApplicationHealth) break ;;
    failed|pausedByFailedStep|canceled|planExecutionTimedOut)
      echo "region-switch.sh: the execution ended $state; see its events (aws arc-region-switch list-plan-execution-events --region $TO --plan-arn $PLAN_ARN --execution-id $EXECUTION_ID) or take the manual path (--manual)" >&2
      exit 1 ;;
  esac
  (( SECONDS - started < TIMEOUT )) || { echo "region-switch.sh: still $state after ${TIMEOUT} s; the execution goes on in Region switch ($EXECUTION_ID)" >&2; exit 1; }
  sleep "$POLL"
done

recovery=$(aws arc-region-switch get-plan-execution --region "$TO" --plan-arn "$PLAN_ARN" --execution-id "$EXECUTION_ID" \
  --query 'actualRecoveryTime' --output text)
if [[ "$recovery" == P* ]]; then
  s=$(seconds "$recovery")
  verdict="within"; (( s <= RTO_MINUTES * 60 )) || verdict="OVER"
  echo "Recovery time (Region switch): $recovery = ${s} s, ${verdict} the objective of ${RTO_MINUTES} min"
else
  echo "Recovery time: not reported yet (Region switch adds it once the application health alarms are healthy)"
fi
if [[ $PRACTICE -eq 1 ]]; then
  echo "Practice: the platform now serves from $TO. Switch back with the same plan:"
  echo "  region-switch.sh --plan-arn $PLAN_ARN --to <the other region of the plan> --practice --execute"
fi
