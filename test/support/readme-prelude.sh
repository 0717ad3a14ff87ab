# Runs before the README's examples (test/readme.e2e-spec.ts): the checks of `# →` lines and a
# curl that keeps each answer's body and status for them.
set -euo pipefail
__block() { __line="$1"; }
trap 'echo "README.md: a command of the block at line ${__line:-?} failed" >&2' ERR
curl() {
  command curl -sS -o "$__out/body" -w '%{http_code}' "$@" > "$__out/status"
  cat "$__out/body"
}
__expect() {
  local line="$1" expected="$2" status body
  status="$(cat "$__out/status")"; body="$(tr -d ' \n\t\r' < "$__out/body")"
  if [[ "$expected" =~ ^([0-9]{3})( |$)(.*) ]]; then
    if [[ "${BASH_REMATCH[1]}" != "$status" ]]; then
      echo "README.md:$line: expected status ${BASH_REMATCH[1]}, got $status: $(cat "$__out/body")" >&2; exit 1
    fi
    expected="${BASH_REMATCH[3]}"
  fi
  local part rest="$(printf '%s' "$expected" | tr -d ' \t')"
  while [[ -n "$rest" ]]; do
    part="${rest%%…*}"
    if [[ -n "$part" && "$body" != *"$part"* ]]; then
      echo "README.md:$line: answer lacks $part: $(cat "$__out/body")" >&2; exit 1
    fi
    [[ "$rest" == *…* ]] && rest="${rest#*…}" || rest=""
  done
}
# The back-office walk-through computes TOTP codes with oathtool; without it, a Node stand-in
# (RFC 6238, only the flags the README uses; see oathtool-fallback.js).
if ! command -v oathtool >/dev/null; then
  oathtool() { node "$__support/oathtool-fallback.js" "$@"; }
fi
