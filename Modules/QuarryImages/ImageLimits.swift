/// Bounds on the images an ``ImageProcessor`` accepts, checked before any
/// pixel is decoded: a 100-megapixel PNG of a few kilobytes (a
/// decompression bomb) is refused from its header.
///
/// ```swift
/// let processor = ImageProcessor(limits: ImageLimits(maximumPixels: 40_000_000, maximumBytes: 20 << 20))
/// ```
public struct ImageLimits: Sendable {
    /// Width × height × pages at most.
    public var maximumPixels: Int
    /// Encoded bytes at most.
    public var maximumBytes: Int64
    /// Output width or height at most.
    public var maximumOutputDimension: Int

    public init(maximumPixels: Int = 50_000_000, maximumBytes: Int64 = 50 << 20, maximumOutputDimension: Int = 10_000) {
        self.maximumPixels = maximumPixels
        self.maximumBytes = maximumBytes
        self.maximumOutputDimension = maximumOutputDimension
    }
}
