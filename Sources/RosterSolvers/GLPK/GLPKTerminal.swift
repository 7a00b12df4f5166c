internal import CGLPK

#if canImport(Glibc)
    internal import Glibc
#elseif canImport(Musl)
    internal import Musl
#elseif canImport(Darwin)
    internal import Darwin
#endif

/// Scoped control of GLPK's terminal output on the current thread.
///
/// GLPK keeps its terminal settings in a per-thread environment, so this affects only
/// GLPK calls made on the calling thread until `restore()`.
struct GLPKTerminal {
    private let previousOutput: Int32

    /// Silences GLPK, or sends its output to standard error when `verbose`.
    init(verbose: Bool) {
        previousOutput = glp_term_out(verbose ? GLP_ON : GLP_OFF)
        glp_term_hook(verbose ? Self.writeToStandardError : Self.swallow, nil)
    }

    /// Puts back the output flag that was in force and removes the hook.
    func restore() {
        glp_term_hook(nil, nil)
        glp_term_out(previousOutput)
    }

    /// Runs `body` with GLPK silenced.
    static func silenced<T>(_ body: () -> T) -> T {
        let terminal = GLPKTerminal(verbose: false)
        defer { terminal.restore() }
        return body()
    }

    /// A hook that drops everything (non-zero tells GLPK not to print it itself).
    private static let swallow: @convention(c) (UnsafeMutableRawPointer?, UnsafePointer<CChar>?) -> Int32 = { _, _ in 1
    }

    /// A hook that copies GLPK's output to standard error so it never mixes with program output.
    private static let writeToStandardError: @convention(c) (UnsafeMutableRawPointer?, UnsafePointer<CChar>?) -> Int32 =
        { _, text in
            guard let text else { return 1 }
            writeAll(UnsafeRawPointer(text), count: strlen(text))
            return 1
        }

    /// Writes a line of the planner's own beside GLPK's verbose output, on standard error.
    static func note(_ text: String) {
        var text = text
        text.withUTF8 { bytes in
            if let start = bytes.baseAddress { writeAll(UnsafeRawPointer(start), count: bytes.count) }
        }
    }

    private static func writeAll(_ start: UnsafeRawPointer, count: Int) {
        var remaining = count
        var cursor = start
        while remaining > 0 {
            let written = write(STDERR_FILENO, cursor, remaining)
            if written <= 0 { break }
            remaining -= written
            cursor += written
        }
    }
}

/// Checks that a GLPK object is used only on the thread that created it.
///
/// GLPK allocates every object from a per-thread environment; freeing or using it on
/// another thread corrupts that bookkeeping, so misuse stops the program instead.
struct GLPKThreadAffinity {
    private let owner = pthread_self()

    func check(_ function: StaticString = #function) {
        precondition(
            pthread_equal(owner, pthread_self()) != 0,
            "GLPKProblem.\(function) was called on a different thread than the one that created the problem; "
                + "GLPK objects must stay on one thread."
        )
    }
}
