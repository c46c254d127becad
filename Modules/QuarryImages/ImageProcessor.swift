import CVips
import Foundation
import Quarry
import QuarryFiles

/// Thumbnails, resizes, crops, rotates and converts images with libvips —
/// the fastest, lowest-memory image library — off the cooperative pool, at
/// most `concurrency` images at once.
///
/// Every image's header is checked against ``ImageLimits`` before a pixel
/// is decoded (decompression bombs). Thumbnails decode at reduced size where
/// the format allows (JPEG shrink-on-load) and turn the image upright by its
/// EXIF orientation.
///
/// ```swift
/// let images = ImageProcessor(limits: ImageLimits(maximumPixels: 40_000_000))
/// let thumb = try await images.thumbnail(.data(upload), width: 320, height: 320, mode: .fill, output: .webp(quality: 75))
/// let info = try await images.info(.file(photo))   // width, height, format, orientation
/// ```
public final class ImageProcessor: Sendable {
    public let limits: ImageLimits
    private let workers: BlockingWorkers
    private let fetcher: RemoteFetcher

    /// - Parameters:
    ///   - limits: pixel and byte bounds on inputs and outputs.
    ///   - concurrency: images processed at once (threads of its own).
    ///   - fetcher: fetches ``ImageSource/url(_:)`` sources (default: a
    ///     `RemoteFetcher` whose size limit is `limits.maximumBytes`).
    public init(limits: ImageLimits = ImageLimits(), concurrency: Int = ProcessInfo.processInfo.activeProcessorCount, fetcher: RemoteFetcher? = nil) {
        self.limits = limits
        let workers = BlockingWorkers(name: "quarry.images", count: max(1, concurrency))
        self.workers = workers
        // By default URLs are fetched on the processor's own threads.
        self.fetcher = fetcher ?? RemoteFetcher(policy: FetchPolicy(maximumBytes: limits.maximumBytes), workers: workers)
    }

    /// Dimensions, format and orientation from the header (no decoding).
    public func info(_ source: ImageSource) async throws -> ImageInfo {
        let input = try await load(source)
        let limits = limits
        return try await workers.run { try input.withImage(limits: limits, sequential: true) { $0.info } }
    }

    /// A thumbnail of at most `width` × `height` (``ResizeMode``), upright
    /// by EXIF orientation, encoded as `output`.
    public func thumbnail(
        _ source: ImageSource, width: Int, height: Int, mode: ResizeMode = .fit, upscale: Bool = false,
        output: ImageOutput = .jpeg()
    ) async throws -> ProcessedImage {
        try checkSize(width: width, height: height)
        let output = try output.validated()
        let input = try await load(source)
        let limits = limits
        return try await workers.run {
            // Header first: a bomb never reaches the decoder.
            _ = try input.withImage(limits: limits, sequential: true) { $0.info }
            let (crop, size) = Self.options(mode, upscale: upscale)
            let thumbnail = try input.thumbnail(width: width, height: height, crop: crop, size: size)
            return try thumbnail.encode(output)
        }
    }

    /// Applies `operations` in order and encodes the result.
    public func process(_ source: ImageSource, _ operations: [ImageOperation], output: ImageOutput) async throws -> ProcessedImage {
        for operation in operations {
            if case .resize(let width, let height, _, _) = operation { try checkSize(width: width, height: height) }
        }
        let output = try output.validated()
        let input = try await load(source)
        let limits = limits
        return try await workers.run {
            try input.withImage(limits: limits, sequential: false) { original in
                var image = original
                for operation in operations { image = try Self.apply(operation, to: image) }
                return try image.encode(output)
            }
        }
    }

    private static func apply(_ operation: ImageOperation, to image: VipsImage) throws -> VipsImage {
        switch operation {
        case .autoRotate:
            return try image.then(quarry_vips_autorotate)
        case .resize(let width, let height, let mode, let upscale):
            let (crop, size) = options(mode, upscale: upscale)
            return try image.then { quarry_vips_thumbnail_image($0, $1, Int32(width), Int32(height), crop, size, 1) }
        case .crop(let x, let y, let width, let height):
            guard x >= 0, y >= 0, width > 0, height > 0, x + width <= image.width, y + height <= image.height else {
                throw ImageError.invalidArgument(
                    name: "crop", reason: "\(width)×\(height) at (\(x), \(y)) is not inside the \(image.width)×\(image.height) image")
            }
            return try image.then { quarry_vips_crop($0, $1, Int32(x), Int32(y), Int32(width), Int32(height)) }
        case .rotate(let degrees):
            let angle: VipsAngle
            switch ((degrees % 360) + 360) % 360 {
            case 0: return image
            case 90: angle = VIPS_ANGLE_D90
            case 180: angle = VIPS_ANGLE_D180
            case 270: angle = VIPS_ANGLE_D270
            default: throw ImageError.invalidArgument(name: "rotate", reason: "degrees must be a multiple of 90, got \(degrees)")
            }
            return try image.then { quarry_vips_rotate($0, $1, angle) }
        }
    }

    private static func options(_ mode: ResizeMode, upscale: Bool) -> (VipsInteresting, VipsSize) {
        switch mode {
        case .fit: (VIPS_INTERESTING_NONE, upscale ? VIPS_SIZE_BOTH : VIPS_SIZE_DOWN)
        case .fill: (VIPS_INTERESTING_CENTRE, upscale ? VIPS_SIZE_BOTH : VIPS_SIZE_DOWN)
        case .exact: (VIPS_INTERESTING_NONE, VIPS_SIZE_FORCE)
        }
    }

    private func checkSize(width: Int, height: Int) throws {
        for (name, value) in [("width", width), ("height", height)] where !(1...limits.maximumOutputDimension).contains(value) {
            throw ImageError.invalidArgument(name: name, reason: "must be 1–\(limits.maximumOutputDimension), got \(value)")
        }
    }

    private func load(_ source: ImageSource) async throws -> Input {
        guard Vips.started else { throw ImageError.processing("libvips could not be initialised") }
        switch source {
        case .data(let data):
            guard Int64(data.count) <= limits.maximumBytes else { throw ImageError.tooLarge(bytes: Int64(data.count), limit: limits.maximumBytes) }
            return .data(data)
        case .file(let url):
            let size = (try? FileManager.default.attributesOfItem(atPath: url.path)[.size] as? NSNumber)?.int64Value
            guard let size else { throw ImageError.notAnImage(reason: "\(url.path) cannot be read") }
            guard size <= limits.maximumBytes else { throw ImageError.tooLarge(bytes: size, limit: limits.maximumBytes) }
            return .file(url.path)
        case .url(let url):
            let fetched = try await fetcher.fetch(url)
            guard Int64(fetched.data.count) <= limits.maximumBytes else {
                throw ImageError.tooLarge(bytes: Int64(fetched.data.count), limit: limits.maximumBytes)
            }
            return .data(fetched.data)
        }
    }
}

/// Encoded input, opened on a worker thread.
private enum Input: Sendable {
    case data(Data)
    case file(String)

    /// Opens the header, checks the pixel limit, and runs `body` while the
    /// encoded bytes stay alive (libvips decodes lazily from them).
    func withImage<Value>(limits: ImageLimits, sequential: Bool, _ body: (VipsImage) throws -> Value) throws -> Value {
        switch self {
        case .data(let data):
            return try data.withUnsafeBytes { bytes in
                guard let opened = quarry_vips_open_buffer(bytes.baseAddress, bytes.count, sequential ? 1 : 0) else {
                    throw ImageError.notAnImage(reason: Vips.lastError())
                }
                return try body(Self.checked(VipsImage(opened), limits: limits))
            }
        case .file(let path):
            guard let opened = quarry_vips_open_file(path, sequential ? 1 : 0) else {
                throw ImageError.notAnImage(reason: Vips.lastError())
            }
            return try body(Self.checked(VipsImage(opened), limits: limits))
        }
    }

    /// A thumbnail with shrink-on-load, upright.
    func thumbnail(width: Int, height: Int, crop: VipsInteresting, size: VipsSize) throws -> VipsImage {
        switch self {
        case .data(let data):
            return try data.withUnsafeBytes { bytes in
                try VipsImage.make {
                    quarry_vips_thumbnail_buffer(
                        UnsafeMutableRawPointer(mutating: bytes.baseAddress), bytes.count, $0, Int32(width), Int32(height), crop, size, 0)
                }
            }
        case .file(let path):
            return try VipsImage.make { quarry_vips_thumbnail_file(path, $0, Int32(width), Int32(height), crop, size, 0) }
        }
    }

    private static func checked(_ image: VipsImage, limits: ImageLimits) throws -> VipsImage {
        let (width, height, pages) = (image.width, image.height, max(1, image.pages))
        guard width.multipliedReportingOverflow(by: height).partialValue.multipliedReportingOverflow(by: pages).partialValue
            <= limits.maximumPixels
        else { throw ImageError.tooManyPixels(width: width, height: height, pages: pages, limit: limits.maximumPixels) }
        return image
    }
}
