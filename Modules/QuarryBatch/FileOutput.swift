import Foundation

/// Unbuffered writes to the standard streams.
enum FileOutput {
    static func standardError(_ text: String) {
        FileHandle.standardError.write(Data(text.utf8))
    }
}
