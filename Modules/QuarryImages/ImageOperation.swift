import Foundation

/// How a resize treats the aspect ratio.
public enum ResizeMode: String, Sendable, CaseIterable {
    /// Within the box, aspect kept: one side equals the box, the other is at most its side.
    case fit
    /// Covers the box, aspect kept, the overflow cropped from the centre: exactly the box.
    case fill
    /// Exactly the box, stretched.
    case exact
}

/// One step of ``ImageProcessor/process(_:_:output:)``.
///
/// ```swift
/// try await images.process(.data(photo), [.autoRotate, .crop(x: 0, y: 0, width: 800, height: 800),
///                                         .resize(width: 200, height: 200, mode: .fill)], output: .webp())
/// ```
public enum ImageOperation: Sendable, Hashable {
    /// Turns the pixels upright by the EXIF orientation tag, and clears the tag.
    case autoRotate
    /// Resizes into `width` × `height` by `mode`; `upscale: false` never enlarges.
    case resize(width: Int, height: Int, mode: ResizeMode = .fit, upscale: Bool = true)
    /// Keeps the rectangle; it must lie inside the image.
    case crop(x: Int, y: Int, width: Int, height: Int)
    /// Turns clockwise by 90, 180 or 270 degrees.
    case rotate(degrees: Int)
}

/// What an image is, from its header.
public struct ImageInfo: Sendable, Hashable {
    /// Stored pixels (before EXIF rotation).
    public var width: Int
    public var height: Int
    /// The decoder's format name (`jpeg`, `png`, `webp`, `gif`, `heif`, …).
    public var format: String
    /// The EXIF orientation, 1 (upright) to 8.
    public var orientation: Int
    public var pages: Int
    public var hasAlpha: Bool

    /// Width and height as displayed (orientations 5–8 swap them).
    public var displaySize: (width: Int, height: Int) {
        orientation >= 5 ? (height, width) : (width, height)
    }
}

/// An encoded result.
public struct ProcessedImage: Sendable {
    public var data: Data
    public var format: ImageFormat
    public var width: Int
    public var height: Int
}
