// libvips for QuarryImages.
//
// libvips' operations take their optional arguments as a NULL-terminated
// variadic list, which Swift cannot call: each operation QuarryImages uses
// is wrapped here with the options it sets as plain parameters.
#include <vips/vips.h>

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
    vips_area_unref(VIPS_AREA(background));
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
static inline void quarry_vips_release(void *object) { if (object) g_object_unref(object); }
static inline void quarry_vips_free(void *bytes) { g_free(bytes); }
/// The error buffer's text, cleared afterwards by the caller.
static inline const char *quarry_vips_error_text(void) { return vips_error_buffer(); }
static inline void quarry_vips_error_clear(void) { vips_error_clear(); }
/// Called on a worker thread before it exits, to free libvips' per-thread state.
static inline void quarry_vips_thread_done(void) { vips_thread_shutdown(); }
