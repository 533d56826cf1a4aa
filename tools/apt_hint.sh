# shellcheck shell=bash
# apt_hint.sh, sourced by the scripts that need a program from the distribution.
# apt_hint PACKAGE...: the command that installs them on Debian or Ubuntu, for the user who
# reads it: without sudo for root (a minimal Debian has no sudo), the package lists refreshed
# first (a fresh container's are empty), and no recommended packages (gnuplot's pull in some
# 250 MB of imagemagick and ghostscript).
apt_hint() {
  local sudo=""
  ((EUID == 0)) || sudo="sudo "
  echo "${sudo}apt-get update && ${sudo}apt-get install -y --no-install-recommends $*"
}
