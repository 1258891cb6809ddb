/* Umbrella header: the whole public API of libincmap, every header of include/incmap/
 * (tests/unit/meson.build checks that none is left out and that each compiles alone). */
#ifndef INCMAP_INCMAP_H
#define INCMAP_INCMAP_H

#include "incmap/status.h"
#include "incmap/alloc.h"
#include "incmap/ctx.h"
#include "incmap/threads.h"
#include "incmap/json.h"
#include "incmap/outfile.h"
#include "incmap/sorted.h"
#include "incmap/opts.h"
#include "incmap/fold.h"
#include "incmap/gazetteer.h"
#include "incmap/regions.h"
#include "incmap/text.h"
#include "incmap/reader.h"
#include "incmap/geoparse.h"
#include "incmap/model.h"
#include "incmap/incidents.h"
#include "incmap/style.h"
#include "incmap/render.h"
#include "incmap/layers.h"
#include "incmap/layer_write.h"
#include "incmap/filter.h"
#include "incmap/web.h"

#endif
