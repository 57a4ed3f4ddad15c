# shellcheck shell=bash disable=SC2034  # JAVA etc. are used by the scripts that source this file
# Finds a JDK 21 or newer. Sourced (not executed) by ./hotline and .ci/run.
#
#   hotline_find_jdk   on success sets and exports JAVA_HOME, sets JAVA (the java
#                      binary) and HOTLINE_JAVA_MAJOR, and returns 0; returns 1 if no
#                      usable JDK was found.
#   hotline_maven_opts quiets Maven 3.9's sun.misc.Unsafe warnings on JDK 24+ (adds
#                      --sun-misc-unsafe-memory-access=allow to MAVEN_OPTS, exported).
#
# Search order: $JAVA_HOME (if it is 21+), /usr/lib/jvm/temurin-25*, /usr/lib/jvm/*25*,
# /usr/lib/jvm/*21*, macOS /Library/Java/JavaVirtualMachines/*/Contents/Home and
# /usr/libexec/java_home, then the `java` on PATH. A candidate must contain bin/java and
# bin/javac (the launcher may have to build). Safe under `set -euo pipefail`.

HOTLINE_MIN_JAVA=21

# Prints the feature version of a java binary: "25.0.1" -> 25, "21" -> 21,
# "25-ea" -> 25, "1.8.0_381" -> 8. Returns 1 when the output cannot be parsed.
hotline_java_major() {
  local out ver re='version "([^"]+)"'
  out=$("$1" -version 2>&1) || return 1
  [[ $out =~ $re ]] || return 1
  ver=${BASH_REMATCH[1]}
  [[ $ver == 1.* ]] && ver=${ver#1.}
  ver=${ver%%[!0-9]*}
  [[ -n $ver ]] || return 1
  printf '%s\n' "$((10#$ver))"
}

# hotline_try_jdk DIR: accepts DIR if it is a JDK >= HOTLINE_MIN_JAVA.
hotline_try_jdk() {
  local home=${1%/} major
  [[ -n $home && -x $home/bin/java && -x $home/bin/javac ]] || return 1
  major=$(hotline_java_major "$home/bin/java") || return 1
  ((major >= HOTLINE_MIN_JAVA)) || return 1
  JAVA_HOME=$home
  JAVA=$home/bin/java
  HOTLINE_JAVA_MAJOR=$major
  export JAVA_HOME
  return 0
}

hotline_find_jdk() {
  local candidate out home re='java\.home = ([^[:cntrl:]]+)'
  if [[ -n ${JAVA_HOME:-} ]] && hotline_try_jdk "$JAVA_HOME"; then
    return 0
  fi
  for candidate in /usr/lib/jvm/temurin-25* /usr/lib/jvm/*25* /usr/lib/jvm/*21* \
                   /Library/Java/JavaVirtualMachines/*/Contents/Home; do
    if hotline_try_jdk "$candidate"; then
      return 0
    fi
  done
  if [[ -x /usr/libexec/java_home ]]; then
    home=$(/usr/libexec/java_home -v "$HOTLINE_MIN_JAVA+" 2>/dev/null) || home=
    if [[ -n $home ]] && hotline_try_jdk "$home"; then
      return 0
    fi
  fi
  if command -v java >/dev/null 2>&1; then
    # Ask the java on PATH where it lives (works through /usr/bin and macOS stubs).
    out=$(java -XshowSettings:properties -version 2>&1) || out=
    if [[ $out =~ $re ]] && hotline_try_jdk "${BASH_REMATCH[1]}"; then
      return 0
    fi
  fi
  return 1
}

hotline_maven_opts() {
  if ((${HOTLINE_JAVA_MAJOR:-0} >= 24)) && [[ ${MAVEN_OPTS:-} != *sun-misc-unsafe-memory-access* ]]; then
    MAVEN_OPTS="${MAVEN_OPTS:+$MAVEN_OPTS }--sun-misc-unsafe-memory-access=allow"
  fi
  if [[ -n ${MAVEN_OPTS:-} ]]; then
    export MAVEN_OPTS
  fi
  return 0
}

HOTLINE_NO_JDK_MESSAGE='Hotline needs a JDK 21 or newer (25 recommended). Install e.g. Eclipse Temurin 25 and set JAVA_HOME.'
