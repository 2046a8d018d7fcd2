#!/bin/sh
# Nightly PostgreSQL backup, in three stages that run in three containers of one Job pod:
#
#   pg-backup.sh token  <dir>   (init container, AWS CLI image)
#       writes <dir>/pgpass with an IAM database authentication token for $PGUSER (valid 15 minutes,
#       only used to open the connection), from the pod's IAM role (EKS Pod Identity). The job's
#       login has no password at all: nothing to rotate, nothing to leak.
#       Needs PGHOST PGPORT PGUSER AWS_REGION; with BACKUP_WRITER_GATE_HOST set, a second line for it.
#
#   pg-backup.sh dump   <dir>   (init container, postgres client image)
#       First the writer gate (an Aurora global database only, BACKUP_WRITER_GATE_HOST set): asks the
#       region's own reader endpoint which region holds the global database's writer
#       (aurora_global_db_instance_status(), the row whose session_id is MASTER_SESSION_ID). In a
#       standby region ($BACKUP_REGION is not the writer's) it logs one line, leaves <dir>/STANDBY
#       and exits 0 without touching $PGHOST (the global writer endpoint names another region's
#       VPC, which this region has no route to); the writer region's job dumps. After a Region
#       switch the answer changes, so the new writer region's job dumps the next night. A gate that
#       cannot get an answer fails the job: only a positive answer naming another region skips.
#       Then pg_dump -Fc of $PGDATABASE into <dir>/<db>-<UTC timestamp>.dump, a sha256sum file beside it,
#       and a check that pg_restore can read the archive's table of contents.
#       Needs PGHOST PGPORT PGUSER PGDATABASE and PGPASSFILE (the token stage's file) or PGPASSWORD;
#       PGSSLMODE defaults to 'verify-full' (PGSSLROOTCERT names the CA bundle).
#
#   pg-backup.sh upload <dir>   (main container, AWS CLI image)
#       verifies the checksum, uploads to s3://$BACKUP_BUCKET/$BACKUP_PREFIX<file> with SSE-KMS under
#       the backups key ($BACKUP_KMS_KEY_ID, a key ARN; the bucket policy refuses any other key) and
#       verifies size, encryption, key id and checksum metadata of the stored object. In a standby
#       (<dir>/STANDBY) it uploads nothing and exits 0; the pod's termination message says why.
#
# Retention is the bucket's lifecycle rule on the prefix, not this script: a delete loop here would
# need s3:DeleteObject on the backups (a compromised job could erase them) and would silently stop
# pruning whenever the job fails.
#
# POSIX sh: runs under busybox ash (alpine) and bash (Amazon Linux).
set -eu

log() { printf '%s pg-backup: %s\n' "$(date -u +%Y-%m-%dT%H:%M:%SZ)" "$*" >&2; }
fail() { log "ERROR: $*"; exit 1; }
need() {
  for v in "$@"; do
    eval "val=\${$v:-}"
    [ -n "$val" ] || fail "environment variable $v is not set"
  done
}

token() {
  dir=$1
  need PGHOST PGPORT PGUSER AWS_REGION
  [ -d "$dir" ] && [ -w "$dir" ] || fail "token directory '$dir' does not exist or is not writable"
  umask 077
  tok=$(aws rds generate-db-auth-token --hostname "$PGHOST" --port "$PGPORT" --username "$PGUSER" --region "$AWS_REGION") \
    || fail "could not generate an IAM database authentication token for $PGUSER"
  [ -n "$tok" ] || fail "empty IAM database authentication token for $PGUSER"
  # .pgpass fields escape ':' and '\\'; the token (a presigned URL) contains ':'.
  esc() { printf '%s' "$1" | sed 's/[\\:]/\\&/g'; }
  printf '%s:%s:*:%s:%s\n' "$(esc "$PGHOST")" "$PGPORT" "$(esc "$PGUSER")" "$(esc "$tok")" > "$dir/pgpass"
  log "wrote an IAM authentication token for $PGUSER@$PGHOST:$PGPORT (valid 15 minutes)"
  gate=${BACKUP_WRITER_GATE_HOST:-}
  if [ -n "$gate" ] && [ "$gate" != "$PGHOST" ]; then
    # The writer gate asks the region's own reader endpoint: a token for that host too.
    tok=$(aws rds generate-db-auth-token --hostname "$gate" --port "$PGPORT" --username "$PGUSER" --region "$AWS_REGION") \
      || fail "could not generate an IAM database authentication token for $PGUSER at the writer gate host $gate"
    [ -n "$tok" ] || fail "empty IAM database authentication token for $PGUSER at $gate"
    printf '%s:%s:*:%s:%s\n' "$(esc "$gate")" "$PGPORT" "$(esc "$PGUSER")" "$(esc "$tok")" >> "$dir/pgpass"
    log "wrote an IAM authentication token for $PGUSER@$gate:$PGPORT (the writer gate)"
  fi
}

# Prints the region of the global database's writer, as the region's own reader endpoint sees it.
writer_region() {
  psql --host="$BACKUP_WRITER_GATE_HOST" --no-password --no-psqlrc --tuples-only --no-align -v ON_ERROR_STOP=1 \
    --command="SELECT string_agg(DISTINCT aws_region, ',') FROM aurora_global_db_instance_status() WHERE session_id = 'MASTER_SESSION_ID'"
}

# Returns 0 when this region holds the writer (or the database is not a global database: no gate
# host); exits 0 with <dir>/STANDBY written when another region does; fails when it cannot tell.
writer_gate() {
  dir=$1
  [ -n "${BACKUP_WRITER_GATE_HOST:-}" ] || return 0
  need BACKUP_REGION
  rm -f "$dir/STANDBY"
  writer=$(writer_region) \
    || fail "writer gate: cannot ask $BACKUP_WRITER_GATE_HOST which region holds the writer of the global database (aurora_global_db_instance_status()); not dumping blind"
  case "$writer" in
    '') fail "writer gate: $BACKUP_WRITER_GATE_HOST reports no writer instance (no MASTER_SESSION_ID row); the global database may be mid-failover" ;;
    *,*) fail "writer gate: $BACKUP_WRITER_GATE_HOST reports writers in several regions ($writer)" ;;
  esac
  if [ "$writer" != "$BACKUP_REGION" ]; then
    printf '%s\n' "$writer" > "$dir/STANDBY"
    log "standby region $BACKUP_REGION: the writer of the global database is in $writer, whose job takes the dump; skipping (exit 0)"
    exit 0
  fi
  log "writer gate: this region ($BACKUP_REGION) holds the writer of the global database; dumping"
}

dump() {
  dir=$1
  need PGHOST PGPORT PGUSER PGDATABASE
  if [ -z "${PGPASSWORD:-}" ]; then
    [ -n "${PGPASSFILE:-}" ] || fail "neither PGPASSFILE (the token stage's file) nor PGPASSWORD is set"
    [ -s "$PGPASSFILE" ] || fail "PGPASSFILE '$PGPASSFILE' is missing or empty (the token stage did not run)"
  fi
  export PGSSLMODE="${PGSSLMODE:-verify-full}"
  export PGCONNECT_TIMEOUT="${PGCONNECT_TIMEOUT:-15}"
  [ -d "$dir" ] && [ -w "$dir" ] || fail "output directory '$dir' does not exist or is not writable"
  case "$PGDATABASE" in *[!A-Za-z0-9_-]*) fail "PGDATABASE '$PGDATABASE' has characters unsafe in a file name" ;; esac
  writer_gate "$dir"

  stamp=$(date -u +%Y%m%dT%H%M%SZ)
  name="$PGDATABASE-$stamp.dump"
  log "dumping database '$PGDATABASE' from $PGHOST:$PGPORT (sslmode=$PGSSLMODE) to $dir/$name"
  pg_dump --format=custom --compress=6 --no-password --file="$dir/.$name.partial" || fail "pg_dump failed"
  pg_restore --list "$dir/.$name.partial" > /dev/null || fail "pg_restore cannot read the archive"
  mv "$dir/.$name.partial" "$dir/$name"
  (cd "$dir" && sha256sum "$name" > "$name.sha256")
  printf '%s\n' "$name" > "$dir/LATEST"
  log "wrote $name ($(wc -c < "$dir/$name") bytes), sha256 $(cut -d ' ' -f 1 "$dir/$name.sha256")"
}

upload() {
  dir=$1
  if [ -f "$dir/STANDBY" ]; then
    msg="standby region ${BACKUP_REGION:-?}: no dump taken, the writer region $(cat "$dir/STANDBY") dumps"
    log "$msg; nothing to upload"
    { printf '%s\n' "$msg" > "${TERMINATION_LOG:-/dev/termination-log}"; } 2>/dev/null || true
    return 0
  fi
  need BACKUP_BUCKET BACKUP_KMS_KEY_ID
  case "$BACKUP_KMS_KEY_ID" in arn:aws*:kms:*:key/*) ;; *) fail "BACKUP_KMS_KEY_ID '$BACKUP_KMS_KEY_ID' is not a KMS key ARN (arn:aws:kms:<region>:<account>:key/<id>)" ;; esac
  prefix="${BACKUP_PREFIX:-postgres/}"
  [ -f "$dir/LATEST" ] || fail "no dump in '$dir' (the dump stage did not finish)"
  name=$(cat "$dir/LATEST")
  (cd "$dir" && sha256sum -c "$name.sha256" > /dev/null) || fail "checksum of $name does not match"
  sum=$(cut -d ' ' -f 1 "$dir/$name.sha256")
  size=$(wc -c < "$dir/$name" | tr -d ' ')
  key="$prefix$name"
  log "uploading $name to s3://$BACKUP_BUCKET/$key"
  aws s3 cp "$dir/$name" "s3://$BACKUP_BUCKET/$key" --sse aws:kms --sse-kms-key-id "$BACKUP_KMS_KEY_ID" --metadata "sha256=$sum" --only-show-errors \
    || fail "upload failed"
  head=$(aws s3api head-object --bucket "$BACKUP_BUCKET" --key "$key" \
    --query '[ContentLength, ServerSideEncryption, SSEKMSKeyId, Metadata.sha256]' --output text) || fail "uploaded object not found"
  # shellcheck disable=SC2086
  set -- $head
  [ "${1:-}" = "$size" ] || fail "uploaded size ${1:-?} differs from local size $size"
  [ "${2:-}" = "aws:kms" ] || fail "uploaded object is not SSE-KMS encrypted (got ${2:-none})"
  [ "${3:-}" = "$BACKUP_KMS_KEY_ID" ] || fail "uploaded object is encrypted with key ${3:-none}, not the backups key $BACKUP_KMS_KEY_ID"
  [ "${4:-}" = "$sum" ] || fail "uploaded checksum metadata ${4:-?} differs from $sum"
  log "verified s3://$BACKUP_BUCKET/$key ($size bytes, aws:kms with the backups key, sha256 $sum)"
}

[ $# -eq 2 ] || fail "usage: pg-backup.sh token|dump|upload <directory>"
case "$1" in
  token) token "$2" ;;
  dump) dump "$2" ;;
  upload) upload "$2" ;;
  *) fail "unknown stage '$1'; use token, dump or upload" ;;
esac
