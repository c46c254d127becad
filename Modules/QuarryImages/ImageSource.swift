import Foundation

/// Where an image comes from.
///
/// ```swift
/// try await images.info(.data(upload))
/// try await images.info(.file(URL(fileURLWithPath: "photo.jpg")))
/// try await images.info(.url("https://example.com/photo.jpg"))   // through the processor's RemoteFetcher
/// ```
public enum ImageSource: Sendable {
    /// Encoded bytes in memory.
    case data(Data)
    /// An encoded image file on this machine.
    case file(URL)
    /// An http(s) URL, fetched under the processor's `QuarryFiles/FetchPolicy`.
    case url(String)
}
