import Foundation
import QuarryFiles
import QuarryImages
import Testing

// Cases are functions, not closures (see ClosureReproTests).

private let photo = fixturesDirectory.appendingPathComponent("images/photo.jpg")
private let rotated = fixturesDirectory.appendingPathComponent("images/photo-exif6.jpg")

/// The output's header, read back.
private func info(_ image: ProcessedImage) async throws -> ImageInfo {
    try await ImageProcessor().info(.data(image.data))
}

@Suite("ImageProcessor (libvips): thumbnails, operations, formats, limits")
struct ImageTests {
    let images = ImageProcessor(concurrency: 2)

    @Test("info reads dimensions, format and EXIF orientation from the header")
    func header() async throws {
        let plain = try await images.info(.file(photo))
        #expect(plain.width == 640 && plain.height == 480 && plain.format == "jpeg" && plain.orientation == 1)
        let turned = try await images.info(.data(try fixtureImage("photo-exif6.jpg")))
        #expect(turned.orientation == 6)
        #expect(turned.displaySize == (width: 480, height: 640))
        let logo = try await images.info(.file(fixturesDirectory.appendingPathComponent("images/logo.png")))
        #expect(logo.format == "png" && logo.hasAlpha && logo.width == 300 && logo.height == 200)
    }

    @Test("thumbnail sizes are exact for fit, fill and exact, from bytes and from files",
          arguments: [
            (ResizeMode.fit, 100, 100, 100, 75), (.fill, 100, 100, 100, 100), (.exact, 100, 50, 100, 50),
            (.fit, 320, 320, 320, 240), (.fill, 50, 120, 50, 120),
          ])
    func thumbnailSizes(_ mode: ResizeMode, _ width: Int, _ height: Int, _ expectedWidth: Int, _ expectedHeight: Int) async throws {
        for source in [ImageSource.file(photo), .data(try fixtureImage("photo.jpg"))] {
            let thumbnail = try await images.thumbnail(source, width: width, height: height, mode: mode)
            #expect(thumbnail.width == expectedWidth && thumbnail.height == expectedHeight)
            let read = try await info(thumbnail)
            #expect(read.width == expectedWidth && read.height == expectedHeight && read.format == "jpeg")
        }
    }

    @Test("fit never enlarges unless asked")
    func upscale() async throws {
        let kept = try await images.thumbnail(.file(photo), width: 2000, height: 2000)
        #expect(kept.width == 640 && kept.height == 480)
        let enlarged = try await images.thumbnail(.file(photo), width: 1280, height: 1280, upscale: true)
        #expect(enlarged.width == 1280 && enlarged.height == 960)
    }

    @Test("EXIF orientation is applied: thumbnails and autoRotate come out upright, with the tag cleared")
    func exifRotation() async throws {
        let thumbnail = try await images.thumbnail(.file(rotated), width: 100, height: 100)
        #expect(thumbnail.width == 75 && thumbnail.height == 100, "portrait, as displayed")
        let upright = try await images.process(.file(rotated), [.autoRotate], output: .jpeg(stripMetadata: false))
        #expect(upright.width == 480 && upright.height == 640)
        #expect(try await info(upright).orientation == 1)
        // Without autoRotate and keeping metadata, the tag survives; stripping removes it.
        let kept = try await images.process(.file(rotated), [], output: .jpeg(stripMetadata: false))
        #expect(try await info(kept).orientation == 6)
        let stripped = try await images.process(.file(rotated), [], output: .jpeg())
        #expect(try await info(stripped).orientation == 1)
    }

    @Test("crop, rotate and resize in order; a crop outside the image is refused, naming it")
    func operations() async throws {
        let result = try await images.process(
            .file(photo), [.crop(x: 40, y: 30, width: 400, height: 200), .rotate(degrees: 90), .resize(width: 50, height: 50, mode: .fit)],
            output: .png())
        #expect(result.width == 25 && result.height == 50)
        #expect(try await info(result).format == "png")
        await #expect(throws: ImageError.invalidArgument(name: "crop", reason: "600×100 at (100, 0) is not inside the 640×480 image")) {
            _ = try await images.process(.file(photo), [.crop(x: 100, y: 0, width: 600, height: 100)], output: .jpeg())
        }
        await #expect(throws: ImageError.self) { _ = try await images.process(.file(photo), [.rotate(degrees: 45)], output: .jpeg()) }
        await #expect(throws: ImageError.invalidArgument(name: "width", reason: "must be 1–10000, got 0")) {
            _ = try await images.thumbnail(.file(photo), width: 0, height: 10)
        }
    }

    @Test("conversion between JPEG, PNG and WebP: the right magic bytes; quality changes the size; alpha flattened for JPEG")
    func formats() async throws {
        let logo = ImageSource.file(fixturesDirectory.appendingPathComponent("images/logo.png"))
        let webp = try await images.process(logo, [], output: .webp(quality: 70))
        #expect(ContentType.sniff(webp.data) == .webp)
        #expect(try await info(webp).hasAlpha)
        let jpeg = try await images.process(logo, [], output: .jpeg())
        #expect(ContentType.sniff(jpeg.data) == .jpeg)
        #expect(try await info(jpeg).hasAlpha == false)
        let png = try await images.process(.file(photo), [], output: .png())
        #expect(ContentType.sniff(png.data) == .png)
        let lossless = try await images.process(.file(photo), [], output: .webp(lossless: true))
        #expect(ContentType.sniff(lossless.data) == .webp)

        let low = try await images.process(.file(photo), [], output: .jpeg(quality: 20))
        let high = try await images.process(.file(photo), [], output: .jpeg(quality: 95))
        #expect(low.data.count * 2 < high.data.count, "q20 \(low.data.count) B vs q95 \(high.data.count) B")
        await #expect(throws: ImageError.invalidArgument(name: "quality", reason: "must be 1–100, got 0")) {
            _ = try await images.process(.file(photo), [], output: .jpeg(quality: 0))
        }
    }

    @Test("a 100-megapixel PNG bomb is refused from its header, before decoding; with a higher limit it is an ordinary image")
    func bomb() async throws {
        let bomb = fixturesDirectory.appendingPathComponent("images/bomb-100mp.png")
        let started = ContinuousClock.now
        let refusal = ImageError.tooManyPixels(width: 10_000, height: 10_000, pages: 1, limit: 50_000_000)
        await #expect(throws: refusal) { _ = try await images.thumbnail(.file(bomb), width: 100, height: 100) }
        await #expect(throws: refusal) { _ = try await images.process(.data(try Data(contentsOf: bomb)), [], output: .png()) }
        await #expect(throws: refusal) { _ = try await images.info(.file(bomb)) }
        // 0.08 s alone; under the full parallel suite on two cores it has
        // taken 8 s: this bound only guards against a hang.
        #expect(ContinuousClock.now - started < .seconds(30))
        // The file is a real image: it is the limit that refuses it.
        let generous = ImageProcessor(limits: ImageLimits(maximumPixels: 200_000_000), concurrency: 1)
        let thumbnail = try await generous.thumbnail(.file(bomb), width: 100, height: 100, output: .png())
        #expect(thumbnail.width == 100 && thumbnail.height == 100)
    }

    @Test("not an image, or more bytes than the limit: clear errors")
    func badInput() async throws {
        await #expect(throws: ImageError.self) { _ = try await images.info(.data(try fixtureImage("not-an-image.jpg"))) }
        let small = ImageProcessor(limits: ImageLimits(maximumBytes: 10_000))
        await #expect(throws: ImageError.tooLarge(bytes: Int64(try fixtureImage("photo.jpg").count), limit: 10_000)) {
            _ = try await small.thumbnail(.file(photo), width: 10, height: 10)
        }
    }

    @Test("from a URL through a RemoteFetcher; the default fetcher refuses a loopback URL")
    func fromURL() async throws {
        try await FixtureServer.with(urlScenario)
    }

    @Test("many thumbnails at once, two at a time, all correct")
    func concurrent() async throws {
        let images = images
        let sizes = try await withThrowingTaskGroup(of: (Int, Int).self) { group in
            for index in 0..<12 {
                group.addTask {
                    let thumbnail = try await images.thumbnail(.file(index.isMultiple(of: 2) ? photo : rotated), width: 64, height: 64)
                    return (thumbnail.width, thumbnail.height)
                }
            }
            return try await group.reduce(into: []) { $0.append($1) }
        }
        #expect(sizes.filter { $0 == (64, 48) }.count == 6)
        #expect(sizes.filter { $0 == (48, 64) }.count == 6)
    }
}

private func urlScenario(_ server: FixtureServer) async throws {
    let images = ImageProcessor(fetcher: RemoteFetcher(policy: FetchPolicy(allowedScopes: [.loopback])))
    let thumbnail = try await images.thumbnail(.url("\(server.base)/images/photo-exif6.jpg"), width: 60, height: 60, output: .webp())
    #expect(thumbnail.width == 45 && thumbnail.height == 60)
    await #expect(throws: FileError.self) {
        _ = try await ImageProcessor().thumbnail(.url("\(server.base)/images/photo.jpg"), width: 60, height: 60)
    }
}
