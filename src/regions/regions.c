/* The table of named regions and their projections (see regions.h). Extents are
 * the countries' bounds with a margin, chosen so a briefing map of the region shows its
 * neighbours' edges; they frame maps and play no part in membership. Regions the user
 * names beyond this table (countries, provinces, polygon files) are area.c's. */
#include "incmap/regions.h"

#include <stdio.h>
#include <string.h>
#include <strings.h>

#define EUROPE_COUNTRIES                                                              \
    "AL AD AT BY BE BA BG HR CY CZ DK EE FI FR DE GR HU IS IE IT XK LV LI LT LU MT "  \
    "MD MC ME NL MK NO PL PT RO SM RS SK SI ES SE CH UA GB VA"

static const im_region regions[] = {
    {"afghanistan", "Afghanistan", "AF", 59.5, 28.8, 75.5, 39.0, NULL, NULL},
    {"central-asia", "Central Asia", "KZ KG TJ TM UZ", 46.0, 35.0, 88.0, 56.0, NULL, NULL},
    {"iran", "Iran", "IR", 43.5, 24.5, 64.0, 40.2, NULL, NULL},
    {"europe", "Europe", EUROPE_COUNTRIES, -25.0, 34.0, 45.0, 71.5,
     "EPSG:3035", NULL},
    {"af-pak", "Afghanistan and Pakistan", "AF PK", 59.5, 23.0, 78.0, 39.0, NULL, NULL},
    {"south-asia", "South Asia", "AF PK IN BD LK NP BT MV", 60.0, 5.0, 98.0, 38.5, NULL, NULL},
    {"middle-east", "Middle East",
     "SA AE OM YE QA BH KW IQ IR SY LB JO IL PS TR EG CY", 24.5, 12.0, 63.5, 42.5, NULL, NULL},
    /* with Russia's North Caucasus republics (GeoNames admin1 codes): Adygea,
       Chechnya, Dagestan, Ingushetia, Kabardino-Balkaria, Karachay-Cherkessia and
       North Ossetia-Alania */
    {"caucasus", "Caucasus", "GE AM AZ", 36.5, 38.0, 51.0, 46.0, NULL,
     "RU.01 RU.12 RU.17 RU.19 RU.22 RU.27 RU.68"},
    {"russia", "Russia", "RU", 26.0, 41.0, 190.0, 82.0, NULL, NULL},
    {"north-america", "North America", "US CA MX", -170.0, 14.0, -50.0, 75.0, NULL, NULL},
    {"world", "World", "*", -180.0, -90.0, 180.0, 90.0,
     "+proj=eqearth +lon_0=0 +datum=WGS84 +units=m +no_defs", NULL},
};

const im_region *im_regions_all(size_t *count)
{
    *count = sizeof regions / sizeof regions[0];
    return regions;
}

const im_region *im_region_find(const char *name)
{
    if (!name)
        return NULL;
    for (size_t i = 0; i < sizeof regions / sizeof regions[0]; i++)
        if (strcasecmp(regions[i].name, name) == 0)
            return &regions[i];
    return NULL;
}

bool im_region_has_country(const im_region *region, const char *iso2)
{
    if (strcmp(region->countries, "*") == 0)
        return true;
    if (!iso2 || strlen(iso2) != 2)
        return false;
    for (const char *p = region->countries; *p; p += (p[2] ? 3 : 2)) {
        if (strncasecmp(p, iso2, 2) == 0)
            return true;
        if (!p[2])
            break;
    }
    return false;
}

bool im_region_has_admin1(const im_region *region, const char *code)
{
    if (!region->admin1 || !code || !code[0])
        return false;
    size_t n = strlen(code);
    for (const char *p = region->admin1; *p;) {
        const char *e = strchr(p, ' ');
        size_t len = e ? (size_t)(e - p) : strlen(p);
        if (len == n && strncasecmp(p, code, n) == 0)
            return true;
        p += len;
        while (*p == ' ')
            p++;
    }
    return false;
}

void im_region_conic_proj(double west, double south, double east, double north,
                          char *buf, size_t len)
{
    double span = north - south;
    double lat1 = south + span / 6.0, lat2 = south + span * 5.0 / 6.0;
    double lat0 = (south + north) / 2.0, lon0 = (west + east) / 2.0;
    if (lon0 > 180.0)
        lon0 -= 360.0;
    snprintf(buf, len,
             "+proj=aea +lat_0=%.4f +lon_0=%.4f +lat_1=%.4f +lat_2=%.4f +datum=WGS84 "
             "+units=m +no_defs",
             lat0, lon0, lat1, lat2);
}

void im_region_proj(const im_region *region, char *buf, size_t len)
{
    if (region->proj)
        snprintf(buf, len, "%s", region->proj);
    else
        im_region_conic_proj(region->west, region->south, region->east, region->north,
                             buf, len);
}
