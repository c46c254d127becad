import CVips
import Foundation

/// libvips started once per process, with its operation cache off: a
/// server thumbnails different images, and cached results would hold their
/// memory.
enum Vips {
    static let started: Bool = {
        guard quarry_vips_start("quarry") == 0 else { return false }
        vips_cache_set_max(0)
        return true
    }()

    /// The error libvips reported (and clears it).
    static func lastError() -> String {
        let text = String(cString: quarry_vips_error_text()).trimmingCharacters(in: .whitespacesAndNewlines)
        quarry_vips_error_clear()
        return text.isEmpty ? "unknown libvips error" : text
    }
}

/// An image handle owned by one worker thread; released with it. libvips'
/// `VipsImage*` stays opaque (CVips declares no struct body).
final class VipsImage {
    let pointer: OpaquePointer

    init(_ pointer: OpaquePointer) {
        self.pointer = pointer
    }

    deinit { quarry_vips_release(pointer) }

    var width: Int { Int(vips_image_get_width(pointer)) }
    var height: Int { Int(vips_image_get_height(pointer)) }
    var pages: Int { Int(quarry_vips_pages(pointer)) }
    var hasAlpha: Bool { vips_image_hasalpha(pointer) != 0 }
    var orientation: Int { Int(vips_image_get_orientation(pointer)) }
    var format: String {
        guard let loader = quarry_vips_loader(pointer) else { return "unknown" }
        let name = String(cString: loader)
        return String(name.prefix { $0 != "_" }.dropLast(4))  // "jpegload_buffer" → "jpeg"
    }

    var info: ImageInfo {
        ImageInfo(width: width, height: height, format: format, orientation: orientation, pages: pages, hasAlpha: hasAlpha)
    }

    /// Runs an operation producing a new image.
    static func make(_ operation: (UnsafeMutablePointer<OpaquePointer?>) -> Int32) throws -> VipsImage {
        var out: OpaquePointer?
        guard operation(&out) == 0, let out else { throw ImageError.processing(Vips.lastError()) }
        return VipsImage(out)
    }

    func then(_ operation: (OpaquePointer, UnsafeMutablePointer<OpaquePointer?>) -> Int32) throws -> VipsImage {
        try Self.make { operation(pointer, $0) }
    }

    /// Encodes the image.
    func encode(_ output: ImageOutput) throws -> ProcessedImage {
        var image = self
        if output.format == .jpeg && hasAlpha { image = try then(quarry_vips_flatten_white) }
        var bytes: UnsafeMutableRawPointer?
        var length = 0
        let strip: Int32 = output.stripMetadata ? 1 : 0
        let status = switch output.format {
        case .jpeg: quarry_vips_save_jpeg(image.pointer, &bytes, &length, Int32(output.quality), strip)
        case .png: quarry_vips_save_png(image.pointer, &bytes, &length, 6, strip)
        case .webp: quarry_vips_save_webp(image.pointer, &bytes, &length, Int32(output.quality), output.lossless ? 1 : 0, strip)
        }
        guard status == 0, let bytes else { throw ImageError.processing(Vips.lastError()) }
        defer { quarry_vips_free(bytes) }
        return ProcessedImage(data: Data(bytes: bytes, count: length), format: output.format, width: image.width, height: image.height)
    }
}
