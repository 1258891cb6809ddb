/* The incident extractor, part by part after its split: clauses (clauses.c), actors
 * (actors.c), place weights (place.c), merging (merge.c) and whole texts
 * (tests/data/incidents/extract.tsv: sentences of our own for the failures of issue
 * 18). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "incmap/incmap.h"
#include "incmap/geoparse.h"
#include "incmap/incidents.h"
#include "incmap/text.h"
#include "src/incidents/extract_private.h"
#include "geodata/incidents/tab_place_weights.h"
#include "geodata/incidents/tab_actors.h"

#include "gaz_fixture.h"

/* ---- clauses ---- */

static void clause_bounds(void **state)
{
    (void)state;
    const char *s = "Gunmen attacked a bus, while a bomb hit a market; police came and in Kabul it rained";
    size_t b[8];
    size_t n = ev_clause_bounds(s, strlen(s), b, 8);
    assert_int_equal(n, 3);
    assert_string_equal(s + b[0], " while a bomb hit a market; police came and in Kabul it rained");
    assert_string_equal(s + b[1], " police came and in Kabul it rained");
    assert_string_equal(s + b[2], "and in Kabul it rained");
    /* a list comma is no boundary */
    const char *t = "They hit Kabul, Herat and Mazar";
    assert_int_equal(ev_clause_bounds(t, strlen(t), b, 8), 0);
}

static ev_trigger trig_at(const char *s, const char *word)
{
    const char *p = strstr(s, word);
    assert_non_null(p);
    return (ev_trigger){EV_ATTACK, (size_t)(p - s), (size_t)(p - s) + strlen(word)};
}

static void back_reference(void **state)
{
    (void)state;
    const char *a = "While the attacks did not cause any casualties, they showed reach.";
    assert_true(ev_back_reference(a, strlen(a), trig_at(a, "attacks")));
    const char *b = "The raid led to the arrest of three men.";
    assert_false(ev_back_reference(b, strlen(b), trig_at(b, "arrest")));
    const char *c = "Gunmen attacked a bus in Quetta.";
    assert_false(ev_back_reference(c, strlen(c), trig_at(c, "attacked")));
}

static void reactions(void **state)
{
    (void)state;
    const char *a = "The foreign minister condemned the bombing in Kabul.";
    assert_true(ev_reaction(a, strlen(a), trig_at(a, "bombing")));
    const char *b = "Mourners marked the anniversary of the attack on the school.";
    assert_true(ev_reaction(b, strlen(b), trig_at(b, "attack")));
    const char *c = "Attacks have killed 213 people since January.";
    assert_true(ev_reaction(c, strlen(c), trig_at(c, "Attacks")));
    const char *d = "The truce ended in November 2022.";
    assert_true(ev_reaction(d, strlen(d), (ev_trigger){EV_ATTACK, 0, 0}));
    const char *e = "Gunmen attacked a bus in Quetta, killing four.";
    assert_false(ev_reaction(e, strlen(e), trig_at(e, "attacked")));
    const char *g = "Police have been on alert since the attack on the bus.";
    assert_false(ev_reaction(g, strlen(g), trig_at(g, "attack")));
}

/* ---- actors ---- */

static void actors(void **state)
{
    fixture *f = *state;
    xstate x;
    memset(&x, 0, sizeof x);
    x.gz = f->gz;
    struct {
        const char *text, *alias_name;
        int inter;
        const char *iso2;
    } cases[] = {
        {"ISKP fighters", "Islamic State (Afghanistan)", 2, ""},
        {"IS-K claimed it", "Islamic State (Afghanistan)", 2, ""},
        {"Islamic State Khorasan Province said", "Islamic State (Afghanistan)", 2, ""},
        {"TTP militants", "Tehrik-i-Taliban Pakistan (TTP)", 2, ""},
        {"Pakistani police arrested", "Police Forces of {country}", 1, "PK"},
        {"Tajik security forces", "Military Forces of {country}", 1, "TJ"},
        {"protesters gathered", "Protesters ({country})", 6, ""},
        {"Taliban forces", "Taliban", 2, ""},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        ev_actor a;
        size_t end;
        const char *s = cases[i].text;
        assert_true(ev_actor_at(&x, s, strlen(s), 0, &a, &end));
        assert_string_equal(a.row->name, cases[i].alias_name);
        assert_int_equal(a.row->inter, cases[i].inter);
        assert_string_equal(a.iso2, cases[i].iso2);
    }
    ev_actor a;
    size_t end;
    const char *s = "ISISK";   /* not an alias, and no partial match */
    assert_false(ev_actor_at(&x, s, strlen(s), 0, &a, &end));
    /* every inter code is ACLED's 1..8 */
    for (size_t i = 0; i < tab_actors_count; i++)
        assert_true(tab_actors[i].inter >= 1 && tab_actors[i].inter <= 8);
}

/* ---- place weights ---- */

static void place_weights(void **state)
{
    (void)state;
    const char *names[] = {"actor_adjacent", "admin1", "admin2", "after_town", "city",
                           "city_of", "country", "country_adjective", "country_possessor",
                           "distance_per_byte", "extradition_to", "facility_namesake",
                           "facility_namesake_population", "home_country", "into",
                           "of_city", "relative_clause", "smuggling_into"};
    for (size_t i = 0; i < sizeof names / sizeof names[0]; i++)
        assert_non_null(tab_place_weights_find(names[i], strlen(names[i])));
    /* a town is a finer answer than a district, a province, a country */
    assert_true(tab_place_weights_find("city", 4)->value >
                tab_place_weights_find("admin2", 6)->value);
    assert_true(tab_place_weights_find("admin2", 6)->value >
                tab_place_weights_find("admin1", 6)->value);
    assert_true(tab_place_weights_find("admin1", 6)->value >
                tab_place_weights_find("country", 7)->value);
}

/* ---- merging ---- */

static void merging(void **state)
{
    (void)state;
    im_incident_set set = {0};
    ev_meta meta[3];
    memset(meta, 0, sizeof meta);
    xstate x;
    memset(&x, 0, sizeof x);
    x.out = &set;
    x.meta = meta;
    for (int i = 0; i < 3; i++) {
        im_incident *inc = im_incident_set_add(&set);
        im_set_str(&inc->location, "Peshawar");
        im_set_str(&inc->country, "Pakistan");
        memcpy(inc->iso2, "PK", 3);
        inc->geonameid = 1168197;
        inc->geo_prec = 1;
        inc->para = i + 1;
        meta[i].kind = EV_BOMBING;
        meta[i].date = (im_date){2022, 3, 4, 1};
    }
    set.items[0].fatalities = 57;
    set.items[1].fatalities = 63;
    im_set_str(&set.items[0].notes, "first");
    im_set_str(&set.items[1].notes, "second");
    im_set_str(&set.items[2].notes, "third");
    meta[2].date = (im_date){2022, 3, 9, 1};   /* another day: another event */
    assert_true(ev_same_event(&x, 0, 1));
    assert_false(ev_same_event(&x, 0, 2));
    meta[1].kind = EV_ARREST;
    assert_false(ev_same_event(&x, 0, 1));
    meta[1].kind = EV_SUICIDE;
    ev_merge(&x);
    assert_int_equal(set.n, 2);
    /* a retelling repeats the toll: the larger, not the sum */
    assert_int_equal(set.items[0].fatalities, 63);
    assert_non_null(strstr(set.items[0].notes, "second"));
    im_incident_set_clear(&set);
}

/* ---- whole texts ---- */

static void unescape(char *s)
{
    char *w = s;
    for (char *r = s; *r; r++) {
        if (r[0] == '\\' && r[1] == 'n') {
            *w++ = '\n';
            r++;
        } else {
            *w++ = *r;
        }
    }
    *w = '\0';
}

static bool field_ok(const char *want, const char *got)
{
    return !strcmp(want, "*") || !strcmp(want, got);
}

static void texts(void **state)
{
    fixture *f = *state;
    const char *dir = getenv("INCMAP_TEST_DATA");
    if (!dir)
        fail_msg("INCMAP_TEST_DATA is not set");
    char path[1024];
    snprintf(path, sizeof path, "%s/incidents/extract.tsv", dir);
    FILE *fp = fopen(path, "r");
    assert_non_null(fp);
    char line[4096];
    int cases = 0, failures = 0;
    while (fgets(line, sizeof line, fp)) {
        line[strcspn(line, "\n")] = '\0';
        if (!line[0] || line[0] == '#')
            continue;
        char *cols[4];
        char *p = line;
        for (int k = 0; k < 4; k++) {
            cols[k] = p;
            p = strchr(p, '\t');
            if (k < 3) {
                assert_non_null(p);
                *p++ = '\0';
            }
        }
        unescape(cols[0]);
        im_date report = {0, 0, 0, 3};
        if (cols[1][0])
            sscanf(cols[1], "%d-%d-%d", &report.year, &report.month, &report.day);
        report.time_prec = 1;
        im_text *text = NULL;
        im_geoparse *gp = NULL;
        assert_int_equal(im_text_create(f->ctx, cols[0], strlen(cols[0]), &text), IM_OK);
        assert_int_equal(im_geoparse_run(f->ctx, f->gz, text, &gp), IM_OK);
        im_incident_set set = {0};
        assert_int_equal(im_incidents_extract_dated(f->ctx, f->gz, text, gp, "t", &report,
                                                    &set, NULL),
                         IM_OK);
        cases++;
        char got[1024] = "";
        for (size_t i = 0; i < set.n; i++) {
            const im_incident *inc = &set.items[i];
            char fat[16];
            if (inc->fatalities == IM_UNKNOWN)
                strcpy(fat, "?");
            else
                snprintf(fat, sizeof fat, "%d", inc->fatalities);
            size_t l = strlen(got);
            snprintf(got + l, sizeof got - l, "%s%s|%s|%s", i ? " ; " : "", inc->event_date,
                     fat, inc->location ? inc->location : "");
        }
        bool ok = set.n == (size_t)atoi(cols[2]);
        /* compare each wanted incident field by field */
        char want[1024];
        snprintf(want, sizeof want, "%s", cols[3]);
        size_t k = 0;
        for (char *item = strtok(want, ";"); ok && item && strcmp(item, "-");
             item = strtok(NULL, ";"), k++) {
            while (*item == ' ')
                item++;
            char *d = item, *fa = strchr(d, '|'), *loc;
            assert_non_null(fa);
            *fa++ = '\0';
            loc = strchr(fa, '|');
            assert_non_null(loc);
            *loc++ = '\0';
            size_t ll = strlen(loc);
            while (ll && loc[ll - 1] == ' ')
                loc[--ll] = '\0';
            if (k >= set.n) {
                ok = false;
                break;
            }
            const im_incident *inc = &set.items[k];
            char fat[16];
            if (inc->fatalities == IM_UNKNOWN)
                strcpy(fat, "?");
            else
                snprintf(fat, sizeof fat, "%d", inc->fatalities);
            ok = field_ok(d, inc->event_date) && field_ok(fa, fat) &&
                 field_ok(loc, inc->location ? inc->location : "");
        }
        if (!ok) {
            print_error("'%s': got %zu [%s], want %s [%s]\n", cols[0], set.n, got, cols[2],
                        cols[3]);
            failures++;
        }
        im_incident_set_clear(&set);
        im_geoparse_destroy(gp);
        im_text_destroy(text);
    }
    fclose(fp);
    assert_true(cases >= 15);
    assert_int_equal(failures, 0);
}

/* Actors named as ACLED names them, with inter codes and interaction, in whole texts. */
static void actor_texts(void **state)
{
    fixture *f = *state;
    struct {
        const char *text, *actor1, *actor2;
        int inter1, inter2, interaction;
    } cases[] = {
        {"Police arrested three ISKP members in Peshawar on 2 May 2023.",
         "Police Forces of Pakistan", "Islamic State (Afghanistan)", 1, 2, 12},
        {"Taliban fighters ambushed Afghan soldiers in Ghazni on 3 May 2020.", "Taliban",
         "Military Forces of Afghanistan", 2, 1, 12},
        {"On 4 June 2021, TTP militants attacked a checkpoint in Bannu.",
         "Tehrik-i-Taliban Pakistan (TTP)", "", 2, 0, 20},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        const char *t = cases[i].text;
        im_text *text = NULL;
        im_geoparse *gp = NULL;
        assert_int_equal(im_text_create(f->ctx, t, strlen(t), &text), IM_OK);
        assert_int_equal(im_geoparse_run(f->ctx, f->gz, text, &gp), IM_OK);
        im_incident_set set = {0};
        assert_int_equal(im_incidents_extract(f->ctx, f->gz, text, gp, "t", &set, NULL), IM_OK);
        assert_int_equal(set.n, 1);
        assert_string_equal(set.items[0].actor1, cases[i].actor1);
        assert_string_equal(set.items[0].actor2, cases[i].actor2);
        assert_int_equal(set.items[0].inter1, cases[i].inter1);
        assert_int_equal(set.items[0].inter2, cases[i].inter2);
        assert_int_equal(set.items[0].interaction, cases[i].interaction);
        im_incident_set_clear(&set);
        im_geoparse_destroy(gp);
        im_text_destroy(text);
    }
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(clause_bounds),
        cmocka_unit_test(back_reference),
        cmocka_unit_test(reactions),
        cmocka_unit_test(place_weights),
        cmocka_unit_test(merging),
        cmocka_unit_test_setup_teardown(actors, setup, teardown),
        cmocka_unit_test_setup_teardown(texts, setup, teardown),
        cmocka_unit_test_setup_teardown(actor_texts, setup, teardown),
    };
    return cmocka_run_group_tests_name("incidents", tests, NULL, NULL);
}
