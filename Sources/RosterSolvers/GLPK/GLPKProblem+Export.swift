internal import CGLPK

extension GLPKProblem {
    /// Writes the problem in CPLEX LP format (readable by `glpsol --lp`).
    func writeLP(to path: String) throws(MIPError) {
        affinity.check()
        try write(to: path, format: "CPLEX LP") { glp_write_lp(pointer, nil, $0) }
    }

    /// Writes the problem in free MPS format (readable by `glpsol --freemps`).
    func writeMPS(to path: String) throws(MIPError) {
        affinity.check()
        try write(to: path, format: "free MPS") { glp_write_mps(pointer, GLP_MPS_FILE, nil, $0) }
    }

    /// Calls a GLPK writer with output silenced (GLPK reports every write on the terminal).
    private func write(to path: String, format: String, _ writer: (UnsafePointer<CChar>) -> Int32) throws(MIPError) {
        guard !path.isEmpty, !path.utf8.contains(0) else { throw .exportFailed(path: path, format: format) }
        let result = GLPKTerminal.silenced { path.withCString(writer) }
        guard result == 0 else { throw .exportFailed(path: path, format: format) }
    }
}
