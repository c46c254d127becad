import Foundation

#if canImport(Glibc)
import Glibc
#endif

/// Writes a file so readers see the old file or the whole new one: bytes go
/// to a hidden temporary file beside the destination, are synced to disk,
/// and the file is renamed into place; on failure the temporary file is
/// removed. Blocking: call it on a worker thread.
enum AtomicFileWriter {
    static func write<Value>(to destination: URL, _ body: (FileHandle) throws -> Value) throws -> Value {
        let directory = destination.deletingLastPathComponent()
        do {
            try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        } catch {
            throw FileError.io(path: directory.path, reason: "cannot create the directory: \(error.localizedDescription)")
        }
        let temporary = directory.appendingPathComponent(".\(destination.lastPathComponent).\(UUID().uuidString).partial")
        guard FileManager.default.createFile(atPath: temporary.path, contents: nil) else {
            throw FileError.io(path: temporary.path, reason: "cannot create a temporary file")
        }
        do {
            let handle = try FileHandle(forWritingTo: temporary)
            let value: Value
            do {
                value = try body(handle)
                try handle.synchronize()
                try handle.close()
            } catch {
                try? handle.close()
                throw error
            }
            guard rename(temporary.path, destination.path) == 0 else {
                throw FileError.io(path: destination.path, reason: String(cString: strerror(errno)))
            }
            return value
        } catch {
            unlink(temporary.path)
            throw error
        }
    }

    /// Copies `source` into `handle` 1 MiB at a time; returns the bytes copied.
    static func copy(from source: URL, into handle: FileHandle) throws -> Int64 {
        guard let input = FileHandle(forReadingAtPath: source.path) else {
            throw FileError.io(path: source.path, reason: "cannot be read")
        }
        defer { try? input.close() }
        var total: Int64 = 0
        while let chunk = try input.read(upToCount: 1 << 20), !chunk.isEmpty {
            try handle.write(contentsOf: chunk)
            total += Int64(chunk.count)
        }
        return total
    }
}
