import CGLPK

/// Frees this thread's GLPK environment and says whether there was one. No problem made on
/// this thread may still exist.
@discardableResult
func freeGLPKEnvironment() -> Bool {
    let had = glp_init_env() != 0
    glp_free_env()
    return had
}
