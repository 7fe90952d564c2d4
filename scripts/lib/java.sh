# Sourced by the scripts: finds a JDK >= 21 and Maven, and exports JAVA_HOME and PATH for them.
# Order: $JAVA_HOME if new enough, then every JDK under /usr/lib/jvm (newest first).

STREAMGATE_MIN_JAVA=21

streamgate_java_major() {
    # prints the feature version of the java binary $1, or nothing
    "$1" -XshowSettings:properties -version 2>&1 | sed -n 's/^ *java\.specification\.version = \([0-9][0-9]*\).*/\1/p' | head -n 1
}

streamgate_find_jdk() {
    local candidates=() dir major
    [ -n "${JAVA_HOME:-}" ] && candidates+=("$JAVA_HOME")
    if [ -d /usr/lib/jvm ]; then
        while IFS= read -r dir; do candidates+=("$dir"); done < <(ls -d /usr/lib/jvm/*/ 2>/dev/null | sed 's#/$##' | sort -rV)
    fi
    for dir in "${candidates[@]}"; do
        [ -x "$dir/bin/java" ] && [ -x "$dir/bin/javac" ] || continue
        major=$(streamgate_java_major "$dir/bin/java")
        if [ -n "$major" ] && [ "$major" -ge "$STREAMGATE_MIN_JAVA" ]; then
            printf '%s\n' "$dir"
            return 0
        fi
    done
    return 1
}

if ! STREAMGATE_JDK=$(streamgate_find_jdk); then
    echo "error: StreamGate needs a JDK >= $STREAMGATE_MIN_JAVA (java and javac)." >&2
    echo "       Looked at \$JAVA_HOME (${JAVA_HOME:-unset}) and /usr/lib/jvm/*." >&2
    echo "       Install one (e.g. 'apt-get install openjdk-21-jdk-headless') or set JAVA_HOME to it." >&2
    exit 1
fi
export JAVA_HOME="$STREAMGATE_JDK"
export PATH="$JAVA_HOME/bin:$PATH"
STREAMGATE_JAVA="$JAVA_HOME/bin/java"

if ! command -v mvn >/dev/null 2>&1; then
    echo "error: Maven (mvn) is not on PATH; install it (e.g. 'apt-get install maven')." >&2
    exit 1
fi
# Maven's own libraries use sun.misc.Unsafe; newer JDKs warn about it on every run.
if [ "$(streamgate_java_major "$STREAMGATE_JAVA")" -ge 24 ]; then
    case " ${MAVEN_OPTS:-} " in
        *sun-misc-unsafe-memory-access*) ;;
        *) export MAVEN_OPTS="${MAVEN_OPTS:-} --sun-misc-unsafe-memory-access=allow" ;;
    esac
fi
