import CGLPK

/// Runs `body` in a GLPK environment of its own on this thread, freed when it returns.
///
/// GLPK keeps one environment per thread and never frees it when the thread ends.
/// `GLPKSolver.solve` frees the one it created; tests that use `GLPKProblem` or
/// `GLPKSolver.exportModel` directly leaked one per test thread that ended before the run
/// (LeakSanitizer, `swift test --sanitize address`). Every problem made in `body` must be gone
/// when it returns: freeing the environment frees them too.
func withGLPKEnvironment<T>(_ body: () throws -> T) rethrows -> T {
    let ownsEnvironment = glp_init_env() == 0
    defer { if ownsEnvironment { glp_free_env() } }
    return try body()
}

/// Frees this thread's GLPK environment and says whether there was one. No problem made on
/// this thread may still exist.
@discardableResult
func freeGLPKEnvironment() -> Bool {
    let had = glp_init_env() != 0
    glp_free_env()
    return had
}
