import CCurl
import Foundation

#if canImport(Glibc)
import Glibc
#endif

/// One libcurl easy transfer, configured and performed on one worker
/// thread (``BlockingWorkers``): `perform()` blocks on the network.
///
/// The body arrives through ``onBody`` chunk by chunk (nothing buffers a
/// whole response unless the caller does); an upload pulls its bytes from
/// ``onUpload``; ``allowsAddress`` sees every address libcurl is about to
/// connect to, redirects and every DNS answer included.
final class CurlTransfer {
    /// The status line and headers of the final response.
    struct Response {
        var status = 0
        /// Header names lowercased; a repeated header keeps its last value.
        var headers: [String: String] = [:]
    }

    /// Called with each chunk of the response body; throwing aborts the transfer with that error.
    var onBody: ((UnsafeRawBufferPointer) throws -> Void)?
    /// Fills the buffer with request body bytes, returns how many (0 = end); throwing aborts.
    var onUpload: ((UnsafeMutableRawBufferPointer) throws -> Int)?
    /// Whether libcurl may connect to an address; a refusal aborts with the error returned.
    var checkAddress: ((IPAddress) -> (any Error)?)?

    private(set) var response = Response()
    /// Body bytes received so far.
    fileprivate(set) var bytesReceived: Int64 = 0
    /// The most body bytes accepted: beyond, the transfer stops with
    /// ``FileError/tooLarge(limit:)`` (before the body when the server
    /// announces a larger Content-Length).
    var maximumBytes: Int64? {
        didSet {
            if let maximumBytes { quarry_curl_set_offset(handle, CURLOPT_MAXFILESIZE_LARGE, curl_off_t(maximumBytes)) }
        }
    }
    private let handle: UnsafeMutableRawPointer
    private var headerList: UnsafeMutablePointer<curl_slist>?
    private let errorText = UnsafeMutablePointer<CChar>.allocate(capacity: Int(CURL_ERROR_SIZE) + 1)
    private var callbackError: (any Error)?
    private let deadline: ContinuousClock.Instant?

    private static let globalInit: CURLcode = curl_global_init(quarry_curl_global_flags())

    /// A transfer of `url` with `method`; `timeout` bounds the whole transfer.
    init(url: String, method: String, timeout: Duration?, connectTimeout: Duration = .seconds(10)) throws {
        guard Self.globalInit == CURLE_OK, let handle = curl_easy_init() else {
            throw FileError.transfer(url: url, reason: "libcurl could not be initialised")
        }
        self.handle = handle
        deadline = timeout.map { ContinuousClock.now + $0 }
        errorText.initialize(repeating: 0, count: Int(CURL_ERROR_SIZE) + 1)
        let context = Unmanaged.passUnretained(self).toOpaque()
        quarry_curl_set_string(handle, CURLOPT_URL, url)
        quarry_curl_set_pointer(handle, CURLOPT_ERRORBUFFER, errorText)
        quarry_curl_set_long(handle, CURLOPT_NOSIGNAL, 1)
        quarry_curl_set_long(handle, CURLOPT_CONNECTTIMEOUT_MS, Self.milliseconds(connectTimeout))
        if let timeout { quarry_curl_set_long(handle, CURLOPT_TIMEOUT_MS, Self.milliseconds(timeout)) }
        quarry_curl_set_string(handle, CURLOPT_PROTOCOLS_STR, "http,https")
        quarry_curl_set_string(handle, CURLOPT_REDIR_PROTOCOLS_STR, "http,https")
        switch method {
        case "GET": quarry_curl_set_long(handle, CURLOPT_HTTPGET, 1)
        case "HEAD": quarry_curl_set_long(handle, CURLOPT_NOBODY, 1)
        case "PUT": quarry_curl_set_long(handle, CURLOPT_UPLOAD, 1)
        case "POST": quarry_curl_set_long(handle, CURLOPT_POST, 1)
        default: quarry_curl_set_string(handle, CURLOPT_CUSTOMREQUEST, method)
        }
        quarry_curl_set_pointer(handle, CURLOPT_WRITEDATA, context)
        quarry_curl_set_data_callback(handle, CURLOPT_WRITEFUNCTION, curlWrite)
        quarry_curl_set_pointer(handle, CURLOPT_HEADERDATA, context)
        quarry_curl_set_data_callback(handle, CURLOPT_HEADERFUNCTION, curlHeader)
        quarry_curl_set_pointer(handle, CURLOPT_READDATA, context)
        quarry_curl_set_data_callback(handle, CURLOPT_READFUNCTION, curlRead)
        quarry_curl_set_long(handle, CURLOPT_NOPROGRESS, 0)
        quarry_curl_set_pointer(handle, CURLOPT_XFERINFODATA, context)
        quarry_curl_set_progress_callback(handle, curlProgress)
        quarry_curl_set_pointer(handle, CURLOPT_OPENSOCKETDATA, context)
        quarry_curl_set_opensocket_callback(handle, curlOpenSocket)
    }

    deinit {
        curl_easy_cleanup(handle)
        curl_slist_free_all(headerList)
        errorText.deallocate()
    }

    /// Adds a request header.
    /// An empty value removes a header libcurl would add (`Expect`).
    func header(_ name: String, _ value: String) {
        headerList = curl_slist_append(headerList, value.isEmpty ? "\(name):" : "\(name): \(value)")
    }

    /// Follows up to `limit` redirects (0 = none: a redirect is returned as the response).
    func followRedirects(limit: Int) {
        quarry_curl_set_long(handle, CURLOPT_FOLLOWLOCATION, limit > 0 ? 1 : 0)
        quarry_curl_set_long(handle, CURLOPT_MAXREDIRS, limit)
    }

    /// Declares the request body's length (uploads and POSTs).
    func uploadLength(_ length: Int64) {
        quarry_curl_set_offset(handle, CURLOPT_INFILESIZE_LARGE, curl_off_t(length))
        quarry_curl_set_offset(handle, CURLOPT_POSTFIELDSIZE_LARGE, curl_off_t(length))
    }

    /// Sends `data` as a POST body (copied by libcurl).
    func postBody(_ data: Data) {
        quarry_curl_set_offset(handle, CURLOPT_POSTFIELDSIZE_LARGE, curl_off_t(data.count))
        guard !data.isEmpty else {
            quarry_curl_set_string(handle, CURLOPT_COPYPOSTFIELDS, "")
            return
        }
        data.withUnsafeBytes { bytes in
            _ = quarry_curl_set_pointer(handle, CURLOPT_COPYPOSTFIELDS, UnsafeMutableRawPointer(mutating: bytes.baseAddress))
        }
    }

    /// Runs the transfer to its end (blocking).
    ///
    /// - Throws: the error a callback threw or an address check returned,
    ///   ``FileError/transfer(url:reason:)`` for network failures,
    ///   ``FileError/timedOut(url:)``, or `CancellationError` when the
    ///   calling task was cancelled.
    func perform() throws -> Response {
        let url = effectiveURL
        if let headerList { quarry_curl_set_headers(handle, headerList) }
        let code = curl_easy_perform(handle)
        if let callbackError { throw callbackError }
        switch code {
        case CURLE_OK:
            var status = 0
            quarry_curl_get_long(handle, CURLINFO_RESPONSE_CODE, &status)
            response.status = status
            return response
        case CURLE_OPERATION_TIMEDOUT:
            throw FileError.timedOut(url: url)
        case CURLE_TOO_MANY_REDIRECTS:
            throw FileError.tooManyRedirects(url: url)
        case CURLE_FILESIZE_EXCEEDED:
            throw FileError.tooLarge(limit: maximumBytes ?? 0)
        case CURLE_UNSUPPORTED_PROTOCOL:
            throw FileError.schemeNotAllowed(url: url)
        default:
            let detail = String(cString: errorText)
            throw FileError.transfer(url: url, reason: detail.isEmpty ? String(cString: curl_easy_strerror(code)) : detail)
        }
    }

    /// The URL the transfer is at (after redirects, once performed).
    var effectiveURL: String {
        var text: UnsafeMutablePointer<CChar>?
        quarry_curl_get_string(handle, CURLINFO_EFFECTIVE_URL, &text)
        return text.map { String(cString: $0) } ?? ""
    }

    fileprivate func fail(_ error: any Error) {
        if callbackError == nil { callbackError = error }
    }

    fileprivate func received(header line: String) {
        let trimmed = line.trimmingCharacters(in: .whitespacesAndNewlines)
        if trimmed.hasPrefix("HTTP/") {
            // A new response (after a redirect or a 100 Continue).
            response.headers = [:]
            response.status = trimmed.split(separator: " ").dropFirst().first.flatMap { Int($0) } ?? 0
            return
        }
        guard let colon = trimmed.firstIndex(of: ":") else { return }
        let name = trimmed[..<colon].lowercased()
        let value = trimmed[trimmed.index(after: colon)...].trimmingCharacters(in: .whitespaces)
        response.headers[name] = value
    }

    fileprivate var isPastDeadline: Bool {
        deadline.map { ContinuousClock.now >= $0 } ?? false
    }

    private static func milliseconds(_ duration: Duration) -> Int {
        let (seconds, attoseconds) = duration.components
        return max(1, Int(seconds) * 1000 + Int(attoseconds / 1_000_000_000_000_000))
    }
}

private func transfer(_ context: UnsafeMutableRawPointer?) -> CurlTransfer {
    Unmanaged<CurlTransfer>.fromOpaque(context!).takeUnretainedValue()
}

private let curlWrite: quarry_curl_data_callback = { buffer, size, count, context in
    let transfer = transfer(context)
    let length = size * count
    transfer.bytesReceived += Int64(length)
    if let limit = transfer.maximumBytes, transfer.bytesReceived > limit {
        transfer.fail(FileError.tooLarge(limit: limit))
        return quarry_curl_write_abort()
    }
    guard let onBody = transfer.onBody else { return length }
    do {
        try onBody(UnsafeRawBufferPointer(start: buffer, count: length))
        return length
    } catch {
        transfer.fail(error)
        return quarry_curl_write_abort()
    }
}

private let curlHeader: quarry_curl_data_callback = { buffer, size, count, context in
    let length = size * count
    if let buffer {
        let line = String(decoding: UnsafeRawBufferPointer(start: buffer, count: length), as: UTF8.self)
        transfer(context).received(header: line)
    }
    return length
}

private let curlRead: quarry_curl_data_callback = { buffer, size, count, context in
    let transfer = transfer(context)
    guard let onUpload = transfer.onUpload, let buffer else { return 0 }
    do {
        return try onUpload(UnsafeMutableRawBufferPointer(start: buffer, count: size * count))
    } catch {
        transfer.fail(error)
        return quarry_curl_read_abort()
    }
}

private let curlProgress: quarry_curl_progress_callback = { context, _, _, _, _ in
    let transfer = transfer(context)
    if Task.isCancelled {
        transfer.fail(CancellationError())
        return 1
    }
    if transfer.isPastDeadline {
        transfer.fail(FileError.timedOut(url: transfer.effectiveURL))
        return 1
    }
    return 0
}

private let curlOpenSocket: quarry_curl_opensocket_callback = { context, _, address in
    guard let address else { return quarry_curl_bad_socket() }
    let transfer = transfer(context)
    if let check = transfer.checkAddress {
        guard let ip = IPAddress(socketAddress: &address.pointee.addr) else {
            transfer.fail(FileError.transfer(url: transfer.effectiveURL, reason: "unknown address family"))
            return quarry_curl_bad_socket()
        }
        if let refusal = check(ip) {
            transfer.fail(refusal)
            return quarry_curl_bad_socket()
        }
    }
    return socket(address.pointee.family, address.pointee.socktype, address.pointee.protocol)
}
