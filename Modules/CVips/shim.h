// libvips for QuarryImages.
//
// libvips' operations take their optional arguments as a NULL-terminated
// variadic list, which Swift cannot call: each operation QuarryImages uses
// is wrapped here with the options it sets as plain parameters.
//
// The few libvips and GLib functions and enums used are declared here, as
// libvips 8 declares them, instead of including <vips/vips.h>: that header
// pulls in GLib's, whose include paths only pkg-config knows — and
// pkg-config's flags for vips carry a `-pthread` SwiftPM refuses with a
// warning on every build. Images stay opaque (`OpaquePointer` in Swift).
#include <stddef.h>

typedef struct _VipsImage VipsImage;
typedef struct _VipsArea VipsArea;
typedef struct _VipsArrayDouble VipsArrayDouble;
typedef int gboolean;
typedef unsigned long GType;

typedef enum { VIPS_ACCESS_RANDOM, VIPS_ACCESS_SEQUENTIAL, VIPS_ACCESS_SEQUENTIAL_UNBUFFERED } VipsAccess;
typedef enum {
    VIPS_INTERESTING_NONE, VIPS_INTERESTING_CENTRE, VIPS_INTERESTING_ENTROPY, VIPS_INTERESTING_ATTENTION,
    VIPS_INTERESTING_LOW, VIPS_INTERESTING_HIGH, VIPS_INTERESTING_ALL
} VipsInteresting;
typedef enum { VIPS_SIZE_BOTH, VIPS_SIZE_UP, VIPS_SIZE_DOWN, VIPS_SIZE_FORCE } VipsSize;
typedef enum { VIPS_ANGLE_D0, VIPS_ANGLE_D90, VIPS_ANGLE_D180, VIPS_ANGLE_D270 } VipsAngle;

int vips_init(const char *argv0);
void vips_cache_set_max(int max);
void vips_thread_shutdown(void);
const char *vips_error_buffer(void);
void vips_error_clear(void);
VipsImage *vips_image_new_from_buffer(const void *buf, size_t len, const char *option_string, ...);
VipsImage *vips_image_new_from_file(const char *name, ...);
int vips_thumbnail_buffer(void *buf, size_t len, VipsImage **out, int width, ...);
int vips_thumbnail(const char *filename, VipsImage **out, int width, ...);
int vips_thumbnail_image(VipsImage *in, VipsImage **out, int width, ...);
int vips_crop(VipsImage *in, VipsImage **out, int left, int top, int width, int height, ...);
int vips_autorot(VipsImage *in, VipsImage **out, ...);
int vips_rot(VipsImage *in, VipsImage **out, VipsAngle angle, ...);
int vips_flatten(VipsImage *in, VipsImage **out, ...);
int vips_jpegsave_buffer(VipsImage *in, void **buf, size_t *len, ...);
int vips_pngsave_buffer(VipsImage *in, void **buf, size_t *len, ...);
int vips_webpsave_buffer(VipsImage *in, void **buf, size_t *len, ...);
VipsArrayDouble *vips_array_double_new(const double *array, int n);
void vips_area_unref(VipsArea *area);
int vips_image_get_width(const VipsImage *image);
int vips_image_get_height(const VipsImage *image);
int vips_image_get_bands(const VipsImage *image);
int vips_image_get_n_pages(VipsImage *image);
int vips_image_get_orientation(VipsImage *image);
gboolean vips_image_hasalpha(VipsImage *image);
GType vips_image_get_typeof(const VipsImage *image, const char *name);
int vips_image_get_string(const VipsImage *image, const char *name, const char **out);
void g_object_unref(void *object);
void g_free(void *memory);

static inline int quarry_vips_start(const char *name) { return vips_init(name); }

static inline VipsImage *quarry_vips_open_buffer(const void *bytes, size_t length, int sequential) {
    return vips_image_new_from_buffer(bytes, length, "", "access",
                                      sequential ? VIPS_ACCESS_SEQUENTIAL : VIPS_ACCESS_RANDOM, NULL);
}
static inline VipsImage *quarry_vips_open_file(const char *path, int sequential) {
    return vips_image_new_from_file(path, "access", sequential ? VIPS_ACCESS_SEQUENTIAL : VIPS_ACCESS_RANDOM, NULL);
}

/// Thumbnail with shrink-on-load from an encoded buffer or a file.
static inline int quarry_vips_thumbnail_buffer(void *bytes, size_t length, VipsImage **out, int width, int height,
                                               VipsInteresting crop, VipsSize size, int noRotate) {
    return vips_thumbnail_buffer(bytes, length, out, width, "height", height, "crop", crop, "size", size,
                                 "no_rotate", noRotate, NULL);
}
static inline int quarry_vips_thumbnail_file(const char *path, VipsImage **out, int width, int height,
                                             VipsInteresting crop, VipsSize size, int noRotate) {
    return vips_thumbnail(path, out, width, "height", height, "crop", crop, "size", size,
                          "no_rotate", noRotate, NULL);
}
static inline int quarry_vips_thumbnail_image(VipsImage *in, VipsImage **out, int width, int height,
                                              VipsInteresting crop, VipsSize size, int noRotate) {
    return vips_thumbnail_image(in, out, width, "height", height, "crop", crop, "size", size,
                                "no_rotate", noRotate, NULL);
}

static inline int quarry_vips_crop(VipsImage *in, VipsImage **out, int left, int top, int width, int height) {
    return vips_crop(in, out, left, top, width, height, NULL);
}
static inline int quarry_vips_autorotate(VipsImage *in, VipsImage **out) { return vips_autorot(in, out, NULL); }
static inline int quarry_vips_rotate(VipsImage *in, VipsImage **out, VipsAngle angle) {
    return vips_rot(in, out, angle, NULL);
}
static inline int quarry_vips_flatten_white(VipsImage *in, VipsImage **out) {
    double white[] = {255.0, 255.0, 255.0};
    VipsArrayDouble *background = vips_array_double_new(white, vips_image_get_bands(in) >= 3 ? 3 : 1);
    int status = vips_flatten(in, out, "background", background, NULL);
    vips_area_unref((VipsArea *)background);
    return status;
}

static inline int quarry_vips_save_jpeg(VipsImage *in, void **bytes, size_t *length, int quality, int strip) {
    return vips_jpegsave_buffer(in, bytes, length, "Q", quality, "strip", strip, "optimize_coding", 1, NULL);
}
static inline int quarry_vips_save_png(VipsImage *in, void **bytes, size_t *length, int compression, int strip) {
    return vips_pngsave_buffer(in, bytes, length, "compression", compression, "strip", strip, NULL);
}
static inline int quarry_vips_save_webp(VipsImage *in, void **bytes, size_t *length, int quality, int lossless,
                                        int strip) {
    return vips_webpsave_buffer(in, bytes, length, "Q", quality, "lossless", lossless, "strip", strip, NULL);
}

/// The loader's name ("jpegload_buffer", "pngload", …), or NULL.
static inline const char *quarry_vips_loader(VipsImage *image) {
    const char *loader = NULL;
    if (vips_image_get_typeof(image, "vips-loader") == 0) return NULL;
    if (vips_image_get_string(image, "vips-loader", &loader) != 0) return NULL;
    return loader;
}
static inline int quarry_vips_pages(VipsImage *image) { return vips_image_get_n_pages(image); }
static inline int quarry_vips_has_exif(VipsImage *image) { return vips_image_get_typeof(image, "exif-data") != 0; }
static inline void quarry_vips_release(VipsImage *image) { if (image) g_object_unref(image); }
static inline void quarry_vips_free(void *bytes) { g_free(bytes); }
/// The error buffer's text, cleared afterwards by the caller.
static inline const char *quarry_vips_error_text(void) { return vips_error_buffer(); }
static inline void quarry_vips_error_clear(void) { vips_error_clear(); }
/// Called on a worker thread before it exits, to free libvips' per-thread state.
static inline void quarry_vips_thread_done(void) { vips_thread_shutdown(); }
