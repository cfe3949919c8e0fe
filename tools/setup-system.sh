#!/bin/sh
# The system tools `make test` needs besides Python, which pip cannot
# install: Chromium at /usr/bin/chromium (the browser tests drive it through
# Playwright, which downloads nothing), poppler-utils (the print tests read
# the PDFs back), shellcheck (actionlint checks the workflows' scripts with
# it) and node (the filter's JavaScript unit tests).
#
#   tools/setup-system.sh           install what is missing (needs apt-get and
#                                   root), or stop with the command to run
#   tools/setup-system.sh --check   only say what is missing (exit 1 if anything is)
#   tools/setup-system.sh nodejs    the same for the packages named only
#                                   (make check needs node alone)
#
# `make test` runs it first and .ci/run calls it too.
set -eu

check_only=""
if [ "${1:-}" = "--check" ]; then
  check_only=yes
  shift
fi
wanted=${*:-chromium poppler-utils shellcheck nodejs}

# Is the Debian package's program here?
present() {
  case "$1" in
    chromium) [ -x /usr/bin/chromium ] ;;
    poppler-utils) command -v pdftoppm >/dev/null 2>&1 ;;
    shellcheck) command -v shellcheck >/dev/null 2>&1 ;;
    nodejs) command -v node >/dev/null 2>&1 ;;
    *) echo "tools/setup-system.sh: unknown package $1" >&2; exit 2 ;;
  esac
}

missing=""
for package in $wanted; do
  present "$package" || missing="$missing $package"
done
missing=${missing# }

[ -z "$missing" ] && exit 0

if [ -z "$check_only" ] && command -v apt-get >/dev/null 2>&1 && [ "$(id -u)" -eq 0 ]; then
  echo "tools/setup-system.sh: installing $missing" >&2
  apt-get update -qq
  # $missing is a list of package names: split it on purpose.
  # shellcheck disable=SC2086
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq $missing
  exit 0
fi

# One line, naming the exact command.
if command -v apt-get >/dev/null 2>&1; then
  echo "make test needs $missing: run  sudo apt-get update && sudo apt-get install -y $missing" >&2
else
  echo "make test needs $missing (Debian package names; Chromium at /usr/bin/chromium): install them with your system's package manager" >&2
fi
exit 1
