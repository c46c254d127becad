import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import NIOCore
import Quarry
import QuarryFiles
import QuarryFilesHummingbird
import QuarryHummingbird
import QuarryImages
import QuarryTesting
import Testing

// Cases are functions, not closures (see ClosureReproTests).

@Suite("Files over HTTP: streamed uploads and downloads, file and image errors as 413/415/422")
struct FileRoutesTests {
    @Test("upload a request body, download it back with its type, refuse a fake image and an oversized body", arguments: TestDatabase.all)
    func routes(_ database: TestDatabase) async throws {
        try await database.withDatabase(.init(), routesScenario)
    }
}

private func routesScenario(_ db: Database) async throws {
    let files = FileService(
        storage: LocalStorage(root: temporaryDirectory()), database: db,
        policy: UploadPolicy(maximumBytes: 64_000, allowedTypes: [.jpeg, .png], keyPrefix: "avatars"))
    try await files.prepare()
    let images = ImageProcessor(concurrency: 1)
    let router = Router(context: QuarryBasicRequestContext.self)
    router.add(middleware: QuarryErrorMiddleware())
    router.post("/avatars") { request, _ -> String in
        let file = try await files.upload(request.body, filename: request.headers[.init("X-Filename")!])
        return file.id.uuidString
    }
    router.get("/avatars/:id") { _, context -> Response in
        try await files.response(for: try await files.file(id: try context.parameters.require("id", as: UUID.self)), attachment: true)
    }
    router.get("/avatars/:id/thumbnail") { _, context -> Response in
        let file = try await files.file(id: try context.parameters.require("id", as: UUID.self))
        let original = try await files.open(file).collect(upTo: 64_000)
        let thumbnail = try await images.thumbnail(.data(original), width: 32, height: 32, output: .webp())
        return Response(status: .ok, headers: [.contentType: thumbnail.format.mimeType], body: .init(byteBuffer: ByteBuffer(bytes: thumbnail.data)))
    }

    let photo = try fixtureImage("photo.jpg")
    try await Application(router: router).test(.live) { client in
        let uploaded = try await client.execute(
            uri: "/avatars", method: .post, headers: [.init("X-Filename")!: "me \"at\" home.jpg"], body: ByteBuffer(bytes: photo))
        #expect(uploaded.status == .ok)
        let id = String(buffer: uploaded.body)

        let downloaded = try await client.execute(uri: "/avatars/\(id)", method: .get)
        #expect(downloaded.status == .ok)
        #expect(downloaded.headers[.contentType] == "image/jpeg")
        #expect(downloaded.headers[.contentDisposition] == "attachment; filename=\"me at home.jpg\"")
        #expect(Data(downloaded.body.readableBytesView) == photo)

        let thumbnail = try await client.execute(uri: "/avatars/\(id)/thumbnail", method: .get)
        #expect(thumbnail.status == .ok && thumbnail.headers[.contentType] == "image/webp")

        let fake = try await client.execute(uri: "/avatars", method: .post, body: ByteBuffer(bytes: try fixtureImage("not-an-image.jpg")))
        #expect(fake.status == .unsupportedMediaType)
        #expect(String(buffer: fake.body).contains("unsupported_media_type"))

        var big = photo
        big.append(Data(count: 70_000))
        let tooBig = try await client.execute(uri: "/avatars", method: .post, body: ByteBuffer(bytes: big))
        #expect(tooBig.status == .contentTooLarge)

        let missing = try await client.execute(uri: "/avatars/\(UUID().uuidString)", method: .get)
        #expect(missing.status == .notFound)
    }
    #expect(try await StoredFile.count(on: db) == 1)
}
