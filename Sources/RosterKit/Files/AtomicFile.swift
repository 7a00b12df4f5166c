import Foundation

/// Writes files so that readers see either the old file or the complete new one, never half of it.
///
/// The text goes to a temporary file in the same folder (mode 0600: rosters hold health
/// information), is flushed to disk, then renamed over the destination. On any failure the
/// temporary file is removed. Before writing, leftovers of killed runs beside the destination
/// (`.iop-planner-NAME.PID.*` of a process no longer running) are removed. Only regular files
/// are replaced: an existing FIFO or device is written through (a FIFO nobody reads is refused,
/// never waited on forever; a FIFO whose reader quits part-way is a `WriteError`, not a death by
/// SIGPIPE), a folder or socket refused.
public enum AtomicFile {
    /// The file could not be written; a regular file at the destination is left as it was.
    public struct WriteError: Error, Sendable, CustomStringConvertible {
        /// The destination path.
        public var file: String
        /// Why, in the system's words (`Permission denied`).
        public var reason: String
        public var description: String { "\(file): cannot write the file: \(reason)" }
    }

    /// Prefix of temporary files, so a later run can recognise and remove leftovers of a killed one.
    public static let temporaryPrefix = ".iop-planner-"

    /// Writes `text` as UTF-8 to `path` atomically; `-` is standard output.
    ///
    /// ```swift
    /// try AtomicFile.write(RosterEncoder.text(roster, index: index), to: "roster.json")
    /// ```
    public static func write(_ text: String, to path: String) throws(WriteError) {
        try write(Array(text.utf8), to: path)
    }

    /// Writes `bytes` to `path` atomically; `-` is standard output.
    public static func write(_ bytes: [UInt8], to path: String) throws(WriteError) {
        try write(to: path) { descriptor, _ in copy(bytes, to: descriptor) }
    }

    /// For writers that open the file themselves, such as GLPK's `glp_write_lp`: `produce` is
    /// given the temporary file's path and writes the complete file there (opening it for
    /// writing, not replacing it); a thrown error becomes the `WriteError`'s reason.
    ///
    /// ```swift
    /// try AtomicFile.write(to: "model.lp") { try GLPKSolver.exportModel(of: instance, format: .lp, to: $0) }
    /// ```
    public static func write(to path: String, producing produce: (_ temporary: String) throws -> Void)
        throws(WriteError)
    {
        try write(to: path) { _, temporary in
            do {
                try produce(temporary)
                return nil
            } catch {
                return "\(error)"
            }
        }
    }

    /// Writes to `path` according to what is there: `-` is standard output; a regular file (or
    /// nothing) is replaced atomically; a FIFO or character device (`/dev/null`, a terminal) is
    /// written through as a stream, never replaced; anything else (a folder, a socket) is refused.
    private static func write(to path: String, fill: (_ descriptor: Int32, _ temporary: String) -> String?)
        throws(WriteError)
    {
        switch Destination(path) {
        case .replaceable: try writeReplacing(path, fill: fill)
        case .stream: try writeStreaming(path, fill: fill)
        case .refused(let kind):
            throw WriteError(file: path, reason: "it is \(kind), not a regular file; nothing was written")
        }
    }

    /// What is at an output path, and so how it is written.
    enum Destination {
        case replaceable, stream
        case refused(kind: String)

        init(_ path: String) {
            if path == "-" {
                self = .stream
                return
            }
            var status = stat()
            guard stat(path, &status) == 0 else {
                self = .replaceable
                return
            }
            switch status.st_mode & S_IFMT {
            case S_IFREG: self = .replaceable
            case S_IFIFO, S_IFCHR: self = .stream
            case S_IFDIR: self = .refused(kind: "a folder")
            case S_IFSOCK: self = .refused(kind: "a socket")
            case S_IFBLK: self = .refused(kind: "a block device")
            default: self = .refused(kind: "a special file")
            }
        }
    }

    /// Creates the temporary file, lets `fill` write it (returning a failure reason or `nil`),
    /// then flushes, closes and renames it, or removes it on failure.
    private static func writeReplacing(_ path: String, fill: (_ descriptor: Int32, _ temporary: String) -> String?)
        throws(WriteError)
    {
        let url = URL(fileURLWithPath: path)
        let folder = url.deletingLastPathComponent().path
        removeStaleTemporaries(in: folder, for: url.lastPathComponent)
        var template = Array("\(folder)/\(temporaryPrefix)\(url.lastPathComponent).\(getpid()).XXXXXX".utf8CString)
        let descriptor = template.withUnsafeMutableBufferPointer { mkstemp($0.baseAddress!) }
        guard descriptor >= 0 else { throw WriteError(file: path, reason: String(cString: strerror(errno))) }
        let temporary = template.withUnsafeBufferPointer { String(cString: $0.baseAddress!) }
        var failure: String?
        if fchmod(descriptor, 0o600) != 0 { failure = String(cString: strerror(errno)) }
        if failure == nil { failure = fill(descriptor, temporary) }
        // fsync flushes the file, whichever descriptor wrote it.
        if failure == nil, fsync(descriptor) != 0 { failure = String(cString: strerror(errno)) }
        if close(descriptor) != 0, failure == nil { failure = String(cString: strerror(errno)) }
        if failure == nil, rename(temporary, path) != 0 { failure = String(cString: strerror(errno)) }
        if let failure {
            unlink(temporary)
            throw WriteError(file: path, reason: failure)
        }
    }

    /// Writes into an existing FIFO or device without replacing it. Writers that open the file
    /// themselves produce into a private temporary file first, which is then copied through.
    private static func writeStreaming(_ path: String, fill: (_ descriptor: Int32, _ temporary: String) -> String?)
        throws(WriteError)
    {
        let descriptor = path == "-" ? dup(STDOUT_FILENO) : try openStream(path)
        guard descriptor >= 0 else { throw WriteError(file: path, reason: String(cString: strerror(errno))) }
        var template = Array("\(NSTemporaryDirectory())/\(temporaryPrefix)stream.\(getpid()).XXXXXX".utf8CString)
        let scratch = template.withUnsafeMutableBufferPointer { mkstemp($0.baseAddress!) }
        let temporary = template.withUnsafeBufferPointer { String(cString: $0.baseAddress!) }
        defer {
            if scratch >= 0 {
                close(scratch)
                unlink(temporary)
            }
        }
        // Standard output keeps the default: a reader that quits (`| head`) ends the planner by
        // SIGPIPE, quietly, as it ends `cat`. A named FIFO's reader quitting is reported instead.
        let failure = reportingBrokenPipe(path != "-") { () -> String? in
            var failure = scratch < 0 ? String(cString: strerror(errno)) : fill(descriptor, temporary)
            if failure == nil, let produced = try? FileContents.data(temporary), !produced.isEmpty {
                failure = copy(Array(produced), to: descriptor)
            }
            if close(descriptor) != 0, failure == nil { failure = String(cString: strerror(errno)) }
            return failure
        }
        if let failure { throw WriteError(file: path, reason: failure) }
    }

    /// Why a write into a FIFO or pipe failed with `EPIPE`.
    static let brokenPipe = "its reader closed it before the file was complete (it got part of the file at most)"

    /// Runs `body` with SIGPIPE blocked in this thread when `reporting`, so that a reader who
    /// quits part-way makes `write` fail with `EPIPE` (reported as `brokenPipe`) instead of
    /// killing the process with no message; the SIGPIPE raised meanwhile is consumed.
    private static func reportingBrokenPipe(_ reporting: Bool, _ body: () -> String?) -> String? {
        guard reporting else { return body() }
        var pipeSignal = sigset_t()
        sigemptyset(&pipeSignal)
        sigaddset(&pipeSignal, SIGPIPE)
        var previous = sigset_t()
        pthread_sigmask(SIG_BLOCK, &pipeSignal, &previous)
        defer {
            var pending = sigset_t()
            if sigismember(&previous, SIGPIPE) == 0, sigpending(&pending) == 0, sigismember(&pending, SIGPIPE) == 1 {
                var now = timespec(tv_sec: 0, tv_nsec: 0)
                _ = sigtimedwait(&pipeSignal, nil, &now)
            }
            pthread_sigmask(SIG_SETMASK, &previous, nil)
        }
        return body()
    }

    /// How long opening a FIFO waits for a reader to appear (one started just before or after
    /// the planner) before it gives up.
    static let readerWait: Double = 2

    /// Opens an existing FIFO or device for writing without ever blocking: a FIFO no process
    /// reads (`ENXIO`) is retried for `readerWait` seconds, then refused; once open, the
    /// descriptor is switched back to blocking writes so the stream is written in full.
    private static func openStream(_ path: String) throws(WriteError) -> Int32 {
        let deadline = Date().addingTimeInterval(readerWait)
        var descriptor = open(path, O_WRONLY | O_NOCTTY | O_NONBLOCK)
        while descriptor < 0, errno == ENXIO || errno == EINTR, Date() < deadline {
            usleep(20_000)
            descriptor = open(path, O_WRONLY | O_NOCTTY | O_NONBLOCK)
        }
        guard descriptor >= 0 else {
            let reason =
                errno == ENXIO
                ? "no process is reading the FIFO (start the reader first, e.g. `cat \(path) &`); nothing was written"
                : String(cString: strerror(errno))
            throw WriteError(file: path, reason: reason)
        }
        let flags = fcntl(descriptor, F_GETFL)
        if flags < 0 || fcntl(descriptor, F_SETFL, flags & ~O_NONBLOCK) != 0 {
            let reason = String(cString: strerror(errno))
            close(descriptor)
            throw WriteError(file: path, reason: reason)
        }
        return descriptor
    }

    /// Writes all of `bytes` to `descriptor`; the failure's reason, or `nil`.
    private static func copy(_ bytes: [UInt8], to descriptor: Int32) -> String? {
        var offset = 0
        while offset < bytes.count {
            let written = bytes[offset...].withUnsafeBytes { Foundation.write(descriptor, $0.baseAddress, $0.count) }
            if written < 0 {
                if errno == EINTR { continue }
                return errno == EPIPE ? brokenPipe : String(cString: strerror(errno))
            }
            offset += written
        }
        return nil
    }

    /// Removes temporary files killed runs left beside `name` in `folder`: those of a process
    /// that no longer runs (`.iop-planner-NAME.PID.XXXXXX`) and those without a process id
    /// (written by earlier versions). A temporary of a run still writing is left alone.
    public static func removeStaleTemporaries(in folder: String, for name: String) {
        guard let entries = try? FileManager.default.contentsOfDirectory(atPath: folder) else { return }
        let prefix = "\(temporaryPrefix)\(name)."
        for entry in entries where entry.hasPrefix(prefix) {
            let rest = entry.dropFirst(prefix.count).split(separator: ".")
            if rest.count == 2, let pid = pid_t(rest[0]), pid > 0, kill(pid, 0) == 0 || errno == EPERM { continue }
            unlink("\(folder)/\(entry)")
        }
    }

    /// Whether `entry` (a file name) is one of this writer's temporary files.
    public static func isTemporary(_ entry: String) -> Bool { entry.hasPrefix(temporaryPrefix) }
}
