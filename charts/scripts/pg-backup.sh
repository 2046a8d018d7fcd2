#!/bin/sh
# Nightly PostgreSQL backup, in two stages that run in two containers of one Job pod:
#
#   pg-backup.sh dump   <dir>   (init container, postgres client image)
#       pg_dump -Fc of $PGDATABASE into <dir>/<db>-<UTC timestamp>.dump, a sha256sum file beside it,
#       and a check that pg_restore can read the archive's table of contents.
#       Needs PGHOST PGPORT PGUSER PGPASSWORD PGDATABASE; PGSSLMODE defaults to 'require'.
#
#   pg-backup.sh upload <dir>   (main container, AWS CLI image)
#       verifies the checksum, uploads to s3://$BACKUP_BUCKET/$BACKUP_PREFIX<file> with SSE-KMS
#       (the bucket's default customer-managed key) and verifies size, encryption and checksum
#       metadata of the stored object. AWS credentials come from the pod's IAM role (EKS Pod
#       Identity); there is no credentials file.
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

dump() {
  dir=$1
  need PGHOST PGPORT PGUSER PGPASSWORD PGDATABASE
  export PGSSLMODE="${PGSSLMODE:-require}"
  export PGCONNECT_TIMEOUT="${PGCONNECT_TIMEOUT:-15}"
  [ -d "$dir" ] && [ -w "$dir" ] || fail "output directory '$dir' does not exist or is not writable"
  case "$PGDATABASE" in *[!A-Za-z0-9_-]*) fail "PGDATABASE '$PGDATABASE' has characters unsafe in a file name" ;; esac

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
  need BACKUP_BUCKET
  prefix="${BACKUP_PREFIX:-postgres/}"
  [ -f "$dir/LATEST" ] || fail "no dump in '$dir' (the dump stage did not finish)"
  name=$(cat "$dir/LATEST")
  (cd "$dir" && sha256sum -c "$name.sha256" > /dev/null) || fail "checksum of $name does not match"
  sum=$(cut -d ' ' -f 1 "$dir/$name.sha256")
  size=$(wc -c < "$dir/$name" | tr -d ' ')
  key="$prefix$name"
  log "uploading $name to s3://$BACKUP_BUCKET/$key"
  aws s3 cp "$dir/$name" "s3://$BACKUP_BUCKET/$key" --sse aws:kms --metadata "sha256=$sum" --only-show-errors \
    || fail "upload failed"
  head=$(aws s3api head-object --bucket "$BACKUP_BUCKET" --key "$key" \
    --query '[ContentLength, ServerSideEncryption, Metadata.sha256]' --output text) || fail "uploaded object not found"
  # shellcheck disable=SC2086
  set -- $head
  [ "${1:-}" = "$size" ] || fail "uploaded size ${1:-?} differs from local size $size"
  [ "${2:-}" = "aws:kms" ] || fail "uploaded object is not SSE-KMS encrypted (got ${2:-none})"
  [ "${3:-}" = "$sum" ] || fail "uploaded checksum metadata ${3:-?} differs from $sum"
  log "verified s3://$BACKUP_BUCKET/$key ($size bytes, aws:kms, sha256 $sum)"
}

[ $# -eq 2 ] || fail "usage: pg-backup.sh dump|upload <directory>"
case "$1" in
  dump) dump "$2" ;;
  upload) upload "$2" ;;
  *) fail "unknown stage '$1'; use dump or upload" ;;
esac
