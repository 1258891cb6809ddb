/* Umbrella header: everything a program using libincmap may call. */
#ifndef INCMAP_INCMAP_H
#define INCMAP_INCMAP_H

#include "incmap/status.h"
#include "incmap/alloc.h"
#include "incmap/ctx.h"
#include "incmap/fold.h"
#include "incmap/gazetteer.h"
#include "incmap/regions.h"
#include "incmap/opts.h"
#include "incmap/model.h"

#endif
