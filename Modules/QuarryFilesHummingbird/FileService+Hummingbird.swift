import Foundation
import HTTPTypes
import Hummingbird
import NIOCore
import QuarryFiles
import QuarryHummingbird

extension FileService {
    /// Stores a request body as it arrives (never whole in memory): the
    /// upload checks of ``FileService/upload(_:filename:)`` apply; errors map
    /// to 413, 415 and 422 through `QuarryErrorMiddleware`.
    ///
    /// ```swift
    /// router.post("/avatars") { request, context -> Response in
    ///     let file = try await files.upload(request.body, filename: request.headers[.init("X-Filename")!])
    ///     return try JSONResponse.created(file.responseDTO)
    /// }
    /// ```
    public func upload(_ body: RequestBody, filename: String? = nil) async throws -> StoredFile {
        try await upload(body.map { Data($0.readableBytesView) }, filename: filename)
    }

    /// A response streaming a stored file, with its content type and length;
    /// `attachment` adds a `Content-Disposition` that makes browsers save it
    /// under its original name.
    ///
    /// ```swift
    /// router.get("/files/:id") { _, context in
    ///     try await files.response(for: try await files.file(id: context.parameters.require("id", as: UUID.self)))
    /// }
    /// ```
    public func response(for file: StoredFile, attachment: Bool = false) async throws -> Response {
        let stream = try await open(file)
        var headers: HTTPFields = [.contentType: file.contentType, .contentLength: String(file.size)]
        headers[.init("X-Content-Type-Options")!] = "nosniff"
        if attachment {
            let name = (file.originalName ?? "download").filter { $0.isASCII && $0 != "\"" && $0 != "\\" && !$0.isNewline }
            headers[.contentDisposition] = "attachment; filename=\"\(name.isEmpty ? "download" : name)\""
        }
        return Response(status: .ok, headers: headers, body: ResponseBody(contentLength: Int(file.size)) { writer in
            for try await chunk in stream { try await writer.write(ByteBuffer(bytes: chunk)) }
            try await writer.finish(nil)
        })
    }
}
