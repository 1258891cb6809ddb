/* Unit tests for staging a briefing pack (src/brief_stage.c, program side, compiled
 * in): a staging folder is made beside the destination (and its parents); a new pack
 * moves in whole; over an old pack only the pack's own entries are replaced, a file
 * of the user's stays and nothing of the old pack or the stage is left; a folder
 * with something of the user's named like a pack entry is a conflict, a pack is not;
 * discarding removes a stage with everything in it. The failure path of a real brief
 * is covered by tests/brief/check_atomic.py. */
#include "../../src/cmd/brief.h"

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cmocka.h>

static char root[64];

static void put(const char *dir, const char *name, const char *text)
{
    char path[512];
    snprintf(path, sizeof path, "%s/%s", dir, name);
    FILE *f = fopen(path, "w");
    assert_non_null(f);
    fputs(text, f);
    fclose(f);
}

static char *slurp(const char *dir, const char *name)
{
    static char buf[256];
    char path[512];
    snprintf(path, sizeof path, "%s/%s", dir, name);
    FILE *f = fopen(path, "r");
    if (!f)
        return NULL;
    size_t n = fread(buf, 1, sizeof buf - 1, f);
    buf[n] = 0;
    fclose(f);
    return buf;
}

static bool present(const char *dir, const char *name)
{
    char path[512];
    struct stat st;
    snprintf(path, sizeof path, "%s/%s", dir, name);
    return stat(path, &st) == 0;
}

/* Entries of `root` (the stage's and old pack's siblings show up here). */
static int entries_in_root(void)
{
    char cmd[128];
    snprintf(cmd, sizeof cmd, "ls -A %s | wc -l", root);
    FILE *p = popen(cmd, "r");
    assert_non_null(p);
    int n = -1;
    assert_int_equal(fscanf(p, "%d", &n), 1);
    pclose(p);
    return n;
}

static int setup(void **state)
{
    (void)state;
    snprintf(root, sizeof root, "/tmp/incmap-stage-XXXXXX");
    return mkdtemp(root) ? 0 : -1;
}

static int teardown(void **state)
{
    (void)state;
    brief_stage_discard(root);
    return 0;
}

static void new_pack_moves_in_whole(void **state)
{
    (void)state;
    char dir[128];
    snprintf(dir, sizeof dir, "%s/a/b/pack", root);
    char *stage = brief_stage_create(dir);
    assert_non_null(stage);
    assert_false(present(dir, ""));      /* nothing at the destination yet */
    put(stage, "summary.md", "new");
    char maps[256];
    snprintf(maps, sizeof maps, "%s/maps", stage);
    assert_int_equal(mkdir(maps, 0777), 0);
    put(maps, "overview.png", "png");
    assert_true(brief_stage_install(stage, dir));
    assert_string_equal(slurp(dir, "summary.md"), "new");
    assert_string_equal(slurp(dir, "maps/overview.png"), "png");
    assert_false(present(stage, ""));    /* the stage became the pack */
    free(stage);
}

static void old_pack_replaced_user_files_kept(void **state)
{
    (void)state;
    char dir[128];
    snprintf(dir, sizeof dir, "%s/pack2", root);
    assert_int_equal(mkdir(dir, 0777), 0);
    put(dir, "summary.md", "old");
    put(dir, "incmap.qgs", "old project");   /* the new pack has none: it goes */
    put(dir, "notes.txt", "mine");
    assert_true(brief_stage_has_pack(dir));
    assert_null(brief_stage_conflict(dir));   /* a pack is no conflict */
    int before = entries_in_root();
    char *stage = brief_stage_create(dir);
    assert_non_null(stage);
    put(stage, "summary.md", "new");
    assert_true(brief_stage_install(stage, dir));
    assert_string_equal(slurp(dir, "summary.md"), "new");
    assert_false(present(dir, "incmap.qgs"));
    assert_string_equal(slurp(dir, "notes.txt"), "mine");
    assert_int_equal(entries_in_root(), before);   /* no stage or old pack left */
    free(stage);
}

static void user_entry_is_a_conflict(void **state)
{
    (void)state;
    char dir[128];
    snprintf(dir, sizeof dir, "%s/mine", root);
    assert_int_equal(mkdir(dir, 0777), 0);
    assert_null(brief_stage_conflict(dir));
    put(dir, "maps", "a file of the user's");
    char *c = brief_stage_conflict(dir);
    assert_non_null(c);
    assert_non_null(strstr(c, "/mine/maps"));
    free(c);
    assert_false(brief_stage_has_pack(dir));
}

static void discard_removes_everything(void **state)
{
    (void)state;
    char dir[128];
    snprintf(dir, sizeof dir, "%s/gone", root);
    char *stage = brief_stage_create(dir);
    assert_non_null(stage);
    char sub[256];
    snprintf(sub, sizeof sub, "%s/geojson", stage);
    assert_int_equal(mkdir(sub, 0777), 0);
    put(sub, "incidents.geojson", "{}");
    brief_stage_discard(stage);
    assert_false(present(stage, ""));
    assert_false(present(dir, ""));
    free(stage);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(new_pack_moves_in_whole),
        cmocka_unit_test(old_pack_replaced_user_files_kept),
        cmocka_unit_test(user_entry_is_a_conflict),
        cmocka_unit_test(discard_removes_everything),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
