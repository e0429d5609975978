#!/usr/bin/env bash
# Fill a template's @NAME@ placeholders: render.sh TEMPLATE NAME=VALUE… > OUT
# A placeholder left unfilled is an error (a half-configured file is never written).
set -euo pipefail
template="$1"; shift
text="$(cat "$template")"
for pair in "$@"; do
  name="${pair%%=*}"; value="${pair#*=}"
  text="${text//@${name}@/${value}}"
done
if left="$(grep -o '@[A-Z_][A-Z0-9_]*@' <<<"$text" | sort -u | tr '\n' ' ')" && [ -n "$left" ]; then
  echo "render.sh: $template: no value for $left" >&2
  exit 1
fi
printf '%s\n' "$text"
