# Shared by the tests in this folder (sourced, not run). Needs INCMAP_BIN and
# INCMAP_SEED_DIR from tests/meson.build. Test data is made at run time from the
# shared seed report: nothing from it is kept in the repository.

# A scratch folder removed on exit.
scratch() {
    SCRATCH=$(mktemp -d "${TMPDIR:-/tmp}/incmap-layers-XXXXXX")
    # ON_EXIT (e.g. stopping a server) runs before the folder goes
    trap 'if [ -n "${ON_EXIT:-}" ]; then eval "$ON_EXIT"; fi; rm -rf "$SCRATCH"' EXIT
    trap 'exit 1' INT TERM HUP   # a killed test still runs the EXIT trap
}

# The first seed report, or exit 77 when the shared seed folder is missing.
seed_report() {
    for f in "${INCMAP_SEED_DIR:-../shared/seed}"/*.txt; do
        [ -f "$f" ] && { echo "$f"; return 0; }
    done
    echo "SKIP: no seed report in ${INCMAP_SEED_DIR:-../shared/seed}" >&2
    exit 77
}

# make_outputs DIR FORMAT...: `incmap extract` of the seed report into DIR/FORMAT/.
make_outputs() {
    dir=$1
    shift
    report=$(seed_report)
    for fmt in "$@"; do
        "$INCMAP_BIN" extract "$report" -o "$dir/$fmt/" -f "$fmt" -q || {
            echo "FAIL: incmap extract -f $fmt exited $?" >&2
            exit 1
        }
    done
}

# Debian's interpreter, where python3-gdal and python3-qgis live.
SYSPY=/usr/bin/python3
