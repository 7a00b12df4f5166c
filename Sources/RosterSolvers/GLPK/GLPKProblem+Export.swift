internal import CGLPK

#if canImport(Glibc)
    internal import Glibc
#elseif canImport(Musl)
    internal import Musl
#elseif canImport(Darwin)
    internal import Darwin
#endif

extension GLPKProblem {
    /// Writes the problem in CPLEX LP format (readable by `glpsol --lp`), stopped at `deadline`
    /// (see ``write(to:format:deadline:_:)``).
    func writeLP(to path: String, deadline: Deadline? = nil) throws(MIPError) {
        affinity.check()
        try write(to: path, format: "CPLEX LP", deadline: deadline) { glp_write_lp(pointer, nil, $0) }
    }

    /// Writes the problem in free MPS format (readable by `glpsol --freemps`), stopped at `deadline`.
    func writeMPS(to path: String, deadline: Deadline? = nil) throws(MIPError) {
        affinity.check()
        try write(to: path, format: "free MPS", deadline: deadline) { glp_write_mps(pointer, GLP_MPS_FILE, nil, $0) }
    }

    /// Calls a GLPK writer with output silenced (GLPK reports every write on the terminal).
    ///
    /// GLPK's writers cannot be stopped once begun, and on a large program writing is most of
    /// the work (xl-2000: 57 MB, 0.5 s of CPU, seconds on a busy machine). With a deadline the
    /// writer runs in a child process, which is killed when the deadline passes: then
    /// ``MIPError/exportTimedOut(path:format:)`` is thrown and what the child wrote is half a
    /// file, for the caller to discard (`AtomicFile` removes its temporary file).
    private func write(
        to path: String, format: String, deadline: Deadline?, _ writer: (UnsafePointer<CChar>) -> Int32
    ) throws(MIPError) {
        guard !path.isEmpty, !path.utf8.contains(0) else { throw .exportFailed(path: path, format: format) }
        if deadline?.hasPassed == true { throw .exportTimedOut(path: path, format: format) }
        let result = GLPKTerminal.silenced {
            path.withCString { name in
                guard let deadline else { return ForkedWriter.Result.finished(writer(name)) }
                return ForkedWriter.run(until: deadline) { writer(name) }
            }
        }
        switch result {
        case .finished(0): return
        case .finished: throw .exportFailed(path: path, format: format)
        case .stopped: throw .exportTimedOut(path: path, format: format)
        }
    }
}

/// Work that cannot be stopped from inside (a GLPK writer), run in a forked child process that
/// is killed at a deadline.
enum ForkedWriter {
    /// How the work ended.
    enum Result: Equatable {
        /// It returned this (0: success); a child that died otherwise counts as 1.
        case finished(Int32)
        /// The deadline passed first; the child was killed.
        case stopped
    }

    /// Runs `body` in a child process (a copy of this one, made by `fork`) and waits for it,
    /// polling every few milliseconds, until `deadline`, when the child is killed. Where no child
    /// can be made, `body` runs here, unstopped. In the child only `body` and `_exit` run: it must
    /// call nothing that takes a lock another thread of this process may hold (GLPK's writers
    /// use only `malloc` and `stdio`, which the C library makes safe across `fork`).
    static func run(until deadline: Deadline, _ body: () -> Int32) -> Result {
        let child = fork()
        if child < 0 { return .finished(body()) }
        if child == 0 { _exit(body() == 0 ? 0 : 1) }
        var status: Int32 = 0
        while true {
            let waited = waitpid(child, &status, WNOHANG)
            if waited == child {
                // Exited normally (no signal in the low 7 bits) with status 0.
                return .finished(status & 0x7f == 0 && (status >> 8) & 0xff == 0 ? 0 : 1)
            }
            if waited < 0, errno != EINTR { return .finished(1) }
            if deadline.hasPassed {
                kill(child, SIGKILL)
                while waitpid(child, &status, 0) < 0, errno == EINTR {}
                return .stopped
            }
            usleep(UInt32(min(5_000, max(500, deadline.remaining * 1e6))))
        }
    }
}
