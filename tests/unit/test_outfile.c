/* Unit tests for the one write-beside-then-rename policy (src/core/outfile.c): a file
 * appears under its name only when complete, and a failed one leaves nothing; a
 * temporary keeps its extension and sits beside its target; a Shapefile moves with its
 * sidecars; folders and files take 0777 / 0666 less the umask (checked under umask 022
 * and 077: mkdtemp's 0700 or a world-writable 0777 would both fail); a tree is removed
 * whole. */
#include "incmap/incmap.h"

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

static int setup(void **state)
{
    snprintf(root, sizeof root, "/tmp/incmap-outfile-XXXXXX");
    if (!mkdtemp(root))
        return -1;
    *state = im_ctx_create(NULL);
    return *state ? 0 : -1;
}

static int teardown(void **state)
{
    im_out_remove_tree(root);
    im_ctx_destroy(*state);
    return 0;
}

static mode_t mode_of(const char *path)
{
    struct stat st;
    assert_int_equal(stat(path, &st), 0);
    return st.st_mode & 07777;
}

static bool present(const char *path)
{
    struct stat st;
    return lstat(path, &st) == 0;
}

static int entries(const char *dir)
{
    char cmd[160];
    snprintf(cmd, sizeof cmd, "ls -A %s | wc -l", dir);
    FILE *p = popen(cmd, "r");
    assert_non_null(p);
    int n = -1;
    assert_int_equal(fscanf(p, "%d", &n), 1);
    pclose(p);
    return n;
}

static void temp_name_sits_beside_and_keeps_extension(void **state)
{
    (void)state;
    char *a = im_out_temp_name("dir/x.gpkg"), *b = im_out_temp_name("dir/x.gpkg");
    assert_int_equal(strncmp(a, "dir/x.tmp-", 10), 0);
    assert_non_null(strstr(a, ".gpkg"));
    assert_string_equal(a + strlen(a) - 5, ".gpkg");
    assert_string_not_equal(a, b);   /* two writers in one process do not collide */
    free(a);
    free(b);
    char *c = im_out_temp_name("dir.d/summary");   /* a dot in the folder is no extension */
    assert_int_equal(strncmp(c, "dir.d/summary.tmp-", 18), 0);
    free(c);
}

static void outfile_appears_only_when_complete(void **state)
{
    im_ctx *ctx = *state;
    char path[128];
    snprintf(path, sizeof path, "%s/summary.md", root);
    im_outfile o;
    FILE *f = im_outfile_open(ctx, &o, path, NULL);
    assert_non_null(f);
    fputs("# half", f);
    assert_false(present(path));   /* still under its temporary name */
    assert_int_equal(im_outfile_close(ctx, &o, true), IM_OK);
    assert_true(present(path));
    assert_int_equal(entries(root), 1);

    /* a failed write keeps the old file and leaves no temporary */
    f = im_outfile_open(ctx, &o, path, "shown.md");
    assert_non_null(f);
    fputs("# new", f);
    assert_int_equal(im_outfile_close(ctx, &o, false), IM_ERR_IO);
    assert_non_null(strstr(im_ctx_last_error(ctx), "'shown.md'"));
    assert_int_equal(entries(root), 1);
    FILE *r = fopen(path, "r");
    char buf[16] = "";
    assert_non_null(fgets(buf, sizeof buf, r));
    fclose(r);
    assert_string_equal(buf, "# half");
}

static void missing_folder_is_one_error(void **state)
{
    im_ctx *ctx = *state;
    char path[128];
    snprintf(path, sizeof path, "%s/no/such/x.qml", root);
    assert_int_equal(im_out_write_file(ctx, path, NULL, "x", 1), IM_ERR_IO);
    assert_non_null(strstr(im_ctx_last_error(ctx), "no/such/x.qml"));
}

static void shapefile_moves_with_sidecars(void **state)
{
    im_ctx *ctx = *state;
    static const char *const sidecars[] = {".shp", ".shx", ".dbf", ".prj", NULL};
    char target[128];
    snprintf(target, sizeof target, "%s/roads.shp", root);
    char *tmp = im_out_temp_name(target);
    size_t n = strlen(tmp);
    for (int k = 0; k < 3; k++) {   /* .shp .shx .dbf, no .prj */
        char *p = im_xasprintf("%.*s%s", (int)(n - 4), tmp, sidecars[k]);
        assert_int_equal(im_out_write_file(ctx, p, NULL, "x", 1), IM_OK);
        free(p);
    }
    assert_true(im_out_publish(tmp, target, sidecars));
    assert_true(present(target));
    char p[160];
    snprintf(p, sizeof p, "%s/roads.dbf", root);
    assert_true(present(p));
    snprintf(p, sizeof p, "%s/roads.prj", root);
    assert_false(present(p));
    assert_int_equal(entries(root), 3);
    /* discarding removes a temporary's sidecars too */
    for (int k = 0; k < 2; k++) {
        char *q = im_xasprintf("%.*s%s", (int)(n - 4), tmp, sidecars[k]);
        assert_int_equal(im_out_write_file(ctx, q, NULL, "x", 1), IM_OK);
        free(q);
    }
    im_out_discard(tmp, sidecars);
    assert_int_equal(entries(root), 3);
    free(tmp);
}

/* Folders 0777 and files 0666, less the umask in force. */
static void check_modes(mode_t mask)
{
    mode_t old = umask(mask);
    char prefix[128], deep[160], file[200];
    snprintf(prefix, sizeof prefix, "%s/pack.tmp-", root);
    char *dir = im_out_make_temp_dir(prefix);
    assert_non_null(dir);
    assert_int_equal(strncmp(dir, prefix, strlen(prefix)), 0);
    assert_int_equal(strlen(dir), strlen(prefix) + 6);
    snprintf(deep, sizeof deep, "%s/a/b", dir);
    assert_true(im_out_make_dirs(deep));
    assert_true(im_out_make_dirs(deep));   /* an existing folder is success */
    snprintf(file, sizeof file, "%s/summary.md", deep);
    im_ctx *ctx = im_ctx_create(NULL);
    assert_int_equal(im_out_write_file(ctx, file, NULL, "x", 1), IM_OK);
    im_ctx_destroy(ctx);
    umask(old);
    assert_int_equal(mode_of(dir), 0777 & ~mask);
    assert_int_equal(mode_of(deep), 0777 & ~mask);
    assert_int_equal(mode_of(file), 0666 & ~mask);
    im_out_remove_tree(dir);
    assert_false(present(dir));
    free(dir);
}

static void modes_follow_umask_022(void **state)
{
    (void)state;
    check_modes(022);
}

static void modes_follow_umask_077(void **state)
{
    (void)state;
    check_modes(077);
}

static void remove_tree_does_not_follow_links(void **state)
{
    im_ctx *ctx = *state;
    char keep[128], dir[128], link[160], kept[160];
    snprintf(keep, sizeof keep, "%s/keep", root);
    snprintf(dir, sizeof dir, "%s/gone", root);
    assert_true(im_out_make_dirs(keep));
    assert_true(im_out_make_dirs(dir));
    snprintf(kept, sizeof kept, "%s/file", keep);
    assert_int_equal(im_out_write_file(ctx, kept, NULL, "x", 1), IM_OK);
    snprintf(link, sizeof link, "%s/link", dir);
    assert_int_equal(symlink(keep, link), 0);
    im_out_remove_tree(dir);
    assert_false(present(dir));
    assert_true(present(kept));
    im_out_remove_tree(NULL);   /* nothing to do */
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(temp_name_sits_beside_and_keeps_extension),
        cmocka_unit_test_setup_teardown(outfile_appears_only_when_complete, setup, teardown),
        cmocka_unit_test_setup_teardown(missing_folder_is_one_error, setup, teardown),
        cmocka_unit_test_setup_teardown(shapefile_moves_with_sidecars, setup, teardown),
        cmocka_unit_test_setup_teardown(modes_follow_umask_022, setup, teardown),
        cmocka_unit_test_setup_teardown(modes_follow_umask_077, setup, teardown),
        cmocka_unit_test_setup_teardown(remove_tree_does_not_follow_links, setup, teardown),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
