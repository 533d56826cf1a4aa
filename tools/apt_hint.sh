# shellcheck shell=bash
# apt_hint.sh, sourced by the scripts that need a program from the distribution.
# apt_hint PACKAGE...: the command that installs them on Debian or Ubuntu, for the user who
# reads it: without sudo for root (a minimal Debian has no sudo), with sudo for another user
# where sudo is installed, else to be run as root; the package lists refreshed
# first (a fresh container's are empty), and no recommended packages (gnuplot's pull in some
# 250 MB of imagemagick and ghostscript).
apt_hint() {
  if ((EUID == 0)); then
    echo "apt-get update && apt-get install -y --no-install-recommends $*"
  elif command -v sudo >/dev/null 2>&1; then
    echo "sudo apt-get update && sudo apt-get install -y --no-install-recommends $*"
  else
    echo "as root, apt-get update && apt-get install -y --no-install-recommends $*"
  fi
}
