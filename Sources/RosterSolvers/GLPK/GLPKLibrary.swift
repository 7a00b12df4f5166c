internal import CGLPK

/// Facts about the GLPK library the planner is linked against.
public enum GLPKLibrary {
    /// The version string GLPK reports, e.g. `"5.0"`.
    public static var version: String { String(cString: glp_version()) }
}
