internal import CGLPK

/// Facts about the GLPK library the planner is linked against.
public enum GLPKLibrary {
    /// The version string GLPK reports, e.g. `"5.0"`.
    public static var version: String { String(cString: glp_version()) }
}

extension GLPKLibrary {
    /// Runs `body`, then frees this thread's GLPK environment if `body` created it.
    ///
    /// GLPK keeps an environment per thread and never frees it when the thread ends: a thread
    /// that had none before a solve or an export has none after it. Every problem made in `body`
    /// must be gone when it returns: freeing the environment frees them too.
    static func inThreadEnvironment<T, E: Error>(_ body: () throws(E) -> T) throws(E) -> T {
        let ownsEnvironment = glp_init_env() == 0
        defer { if ownsEnvironment { glp_free_env() } }
        return try body()
    }
}
